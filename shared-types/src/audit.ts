export const AUDITED_ENTITIES = ['invitation', 'session', 'contract', 'account', 'organization', 'consultation'] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];

export interface AuditEntry {
  id: string;
  entity: AuditedEntity;
  entityId: string;
  action: string;
  actorId: string | null;
  actorRole: string | null;
  at: string;
  before: unknown;
  after: unknown;
}
