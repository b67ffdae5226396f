// The one answer to "may this caller see, or act on, this invitation?". Every path that shows an invitation or
// something hanging from it (its sessions, publications and feedback, a contract linked to it, the consultation it
// attaches) asks here, through InvitationsService; the list query is the same rule written as SQL.
import type { InvitationStatus } from '@xst/shared-types';
import type { AuthContext } from '../common/auth.js';
import { isWithin, regionRange } from '../regions/region-codes.js';
import type { InvitationEntity } from './invitation.entity.js';

/** What the rule looks at. */
export type InvitationFacts = Pick<
  InvitationEntity,
  'status' | 'side' | 'fromOrganizationId' | 'toOrganizationId' | 'onBehalfOfOrganizationId' | 'regionCode' | 'enterpriseRegionCode'
>;

/** Once sent and until withdrawn, an invitation shows its consultation to its receiver and its progress to workers. */
export const SHARING_STATUSES: readonly InvitationStatus[] = ['sent', 'accepted', 'declined', 'overdue', 'escalated'];

const isStaff = (auth: AuthContext) => auth.role === 'organizer' || auth.role === 'admin';

/** The organizations on the union side: the sender and the union it acts for, or the union an enterprise wrote to. */
const unionSide = (inv: InvitationFacts) =>
  inv.side === 'union' ? [inv.fromOrganizationId, inv.onBehalfOfOrganizationId] : [inv.toOrganizationId];

export const invitationAccess = {
  /**
   * Drafts: only the sending organization. Enterprises and associations: invitations they sent or received.
   * Union staff and federation admins: their own organization's, and any whose union side or enterprise side lies
   * in their region. Workers: none (they follow negotiations through their consultations).
   */
  canSee(auth: AuthContext, inv: InvitationFacts): boolean {
    if (auth.role === 'worker') return false;
    const own = auth.organizationId;
    if (inv.status === 'draft') return Boolean(own) && own === inv.fromOrganizationId;
    if (auth.role === 'enterprise') return Boolean(own) && (own === inv.fromOrganizationId || own === inv.toOrganizationId);
    return (
      (Boolean(own) && [inv.fromOrganizationId, inv.toOrganizationId, inv.onBehalfOfOrganizationId].includes(own)) ||
      isWithin(inv.regionCode, auth.regionCode) ||
      isWithin(inv.enterpriseRegionCode, auth.regionCode)
    );
  },

  /** canSee as a WHERE clause over alias `i`, or null when the caller can see none. */
  visibleWhere(auth: AuthContext): { sql: string; params: Record<string, string> } | null {
    const own = auth.organizationId ?? '';
    const sentOrOwnDraft = "(i.status <> 'draft' OR i.fromOrganizationId = :own)";
    if (auth.role === 'worker') return null;
    if (auth.role === 'enterprise') {
      if (!own) return null;
      return { sql: `(i.fromOrganizationId = :own OR i.toOrganizationId = :own) AND ${sentOrOwnDraft}`, params: { own } };
    }
    const [low, high] = auth.regionCode ? regionRange(auth.regionCode) : ['', ''];
    const inRegion = auth.regionCode ? ' OR i.regionCode BETWEEN :low AND :high OR i.enterpriseRegionCode BETWEEN :low AND :high' : '';
    return {
      sql: `(i.fromOrganizationId = :own OR i.toOrganizationId = :own OR i.onBehalfOfOrganizationId = :own${inRegion}) AND ${sentOrOwnDraft}`,
      params: { own, low, high },
    };
  },

  /** The sending organization's staff or enterprise accounts: they send, and withdraw before a reply. */
  isSender(auth: AuthContext, inv: InvitationFacts): boolean {
    return (
      Boolean(auth.organizationId) &&
      auth.organizationId === inv.fromOrganizationId &&
      (auth.role === 'organizer' || auth.role === 'enterprise')
    );
  },

  /** Accounts of the receiving organization: they open it (starting the clock) and reply. */
  isReceiver(auth: AuthContext, inv: InvitationFacts): boolean {
    return Boolean(auth.organizationId) && auth.organizationId === inv.toOrganizationId;
  },

  /**
   * Staff acting for the union side: its own organizations, or a union whose region holds the union side's. They
   * record escalation steps and log the negotiation sessions; staff who see an invitation only because the
   * enterprise lies in their region follow it without acting on it.
   */
  actsForUnionSide(auth: AuthContext, inv: InvitationFacts): boolean {
    if (!isStaff(auth)) return false;
    return (Boolean(auth.organizationId) && unionSide(inv).includes(auth.organizationId)) || isWithin(inv.regionCode, auth.regionCode);
  },
};
