// Helpers of the sessions-and-contracts subpackage: routes, the invitation list cached for offline use, labels.
import type { Contract, Invitation } from '@xst/shared-types'
import { CONTRACT_RENEWAL_WINDOW_DAYS, SCOPE_LABELS } from '@xst/shared-types'
import { listAcceptedInvitations } from '../api/sessions'
import { loadDraft, saveDraft } from '../utils/drafts'

export const SESSION_ROUTES = {
  list: '/pkg-sessions/sessions/index',
  form: (invitationId: string, clientId?: string) =>
    `/pkg-sessions/session-form/index?invitationId=${invitationId}${clientId ? `&clientId=${clientId}` : ''}`,
  publish: (sessionId: string) => `/pkg-sessions/publish/index?id=${sessionId}`,
  contracts: '/pkg-sessions/contracts/index',
  contractForm: (invitationId?: string) => `/pkg-sessions/contract-form/index${invitationId ? `?invitationId=${invitationId}` : ''}`,
  contract: (id: string) => `/pkg-sessions/contract/index?id=${id}`,
}

const INVITATIONS_CACHE = 'cache.acceptedInvitations'

/** The accepted invitations, remembered on the phone so a session can be started in a room without network. */
export function cachedInvitations(): Invitation[] {
  return loadDraft<Invitation[]>(INVITATIONS_CACHE) ?? []
}

export async function loadInvitations(): Promise<Invitation[]> {
  const list = await listAcceptedInvitations()
  saveDraft(INVITATIONS_CACHE, list)
  return list
}

/** The other side as the organizer names it: the enterprise (or association) of the invitation. */
export function counterpartOf(inv: Invitation): string {
  return inv.side === 'union' ? inv.toOrganizationName : inv.fromOrganizationName
}

export function invitationTitle(inv: Invitation): string {
  return `与${counterpartOf(inv)}协商（${SCOPE_LABELS[inv.scope]}）`
}

export { formatDay } from '../utils/time'

/** Whole days from today (phone's calendar) to `day`; negative when past. */
export function daysUntil(day: string): number {
  const [y, m, d] = day.split('-').map(Number)
  const now = new Date()
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())
  return Math.round((Date.UTC(y, m - 1, d) - today) / 86400000)
}

/** 即将到期: within the 3-month renewal window, not renewed; 到期未续签: past expiry, not renewed. */
export function expiryBadge(c: Contract): { label: string; cls: string; key: 'expiring' | 'expired' } | null {
  if (c.renewedByContractId) return null
  if (c.daysToExpiry < 0) return { label: '到期未续签', cls: 'ps-overdue', key: 'expired' }
  if (c.daysToExpiry <= CONTRACT_RENEWAL_WINDOW_DAYS)
    return { label: c.daysToExpiry === 0 ? '即将到期 · 今天到期' : `即将到期 · 还有 ${c.daysToExpiry} 天`, cls: '', key: 'expiring' }
  return null
}
