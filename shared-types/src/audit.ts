export const AUDITED_ENTITIES = [
  'invitation',
  'session',
  'contract',
  'account',
  'organization',
  'consultation',
  'roll_codes',
  'roll_roster',
  'draft',
  'congress',
] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];

export interface AuditQuery {
  entity: AuditedEntity;
  /** The id of the record. */
  id: string;
}

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
