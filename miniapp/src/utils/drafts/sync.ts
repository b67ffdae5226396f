// The sync queue: sends the saved session records to the server, oldest first, one run at a time; a refusal stays on
// the record for the organizer to correct, anything else (no network, server trouble) waits for the next occasion.
import type { NegotiationSession } from '@xst/shared-types'
import { ApiError } from '../../api/errors'
import { getToken } from '../../api/session'
import { createSession } from '../../api/sessions'
import { getSessionDraft, listSessionDrafts, notifyDraftsChange, putSessionDraft } from './session-drafts'
import { toSessionRequest } from './session-form'

export interface SyncResult {
  synced: number
  rejected: number
  /** Still waiting (no network, server busy, signed out). */
  waiting: number
  /** The reason the last waiting one could not go, if any. */
  error?: string
}

let inFlight: Promise<SyncResult> | null = null
/** clientIds being sent now: the list shows them as 正在同步. */
const sending = new Set<string>()

export const isSending = (clientId: string) => sending.has(clientId)

function markSynced(clientId: string, s: NegotiationSession) {
  const d = getSessionDraft(clientId)
  if (!d) return
  const now = new Date().toISOString()
  putSessionDraft({
    ...d,
    status: 'synced',
    syncedAt: now,
    updatedAt: now,
    sessionId: s.id,
    round: s.round,
    error: undefined,
    fields: undefined,
  })
}

function markFailed(clientId: string, e: ApiError, rejected: boolean) {
  const d = getSessionDraft(clientId)
  // Edited again while it was on its way: the newer text decides.
  if (d?.status !== 'queued') return
  putSessionDraft({ ...d, status: rejected ? 'rejected' : 'queued', error: e.message, fields: rejected ? e.fields : undefined })
}

/** Statuses that mean "fix the record", not "try later". */
const isRejection = (e: ApiError) => e.kind === 'http' && e.status >= 400 && e.status < 500 && ![401, 408, 429].includes(e.status)

/** Sends every queued draft, one at a time, oldest first. Safe to call any time: one run at a time. */
export function syncSessionDrafts(): Promise<SyncResult> {
  if (!inFlight) {
    inFlight = runSync().finally(() => {
      inFlight = null
    })
  }
  return inFlight
}

async function runSync(): Promise<SyncResult> {
  const result: SyncResult = { synced: 0, rejected: 0, waiting: 0 }
  const queued = listSessionDrafts()
    .filter((d) => d.status === 'queued')
    .sort((a, b) => (a.queuedAt ?? a.updatedAt).localeCompare(b.queuedAt ?? b.updatedAt))
  if (!queued.length) return result
  if (!getToken()) return { ...result, waiting: queued.length, error: '请先登录，登录后自动同步' }
  for (let i = 0; i < queued.length; i++) {
    const d = queued[i]
    sending.add(d.clientId)
    notifyDraftsChange()
    try {
      const s = await createSession(d.invitationId, toSessionRequest(d))
      markSynced(d.clientId, s)
      result.synced++
    } catch (err) {
      const e = err instanceof ApiError ? err : ApiError.offline()
      if (isRejection(e)) {
        markFailed(d.clientId, e, true)
        result.rejected++
      } else {
        markFailed(d.clientId, e, false)
        // No network or server trouble: the rest would fail the same way; try again on the next occasion.
        result.waiting += queued.length - i
        result.error = e.message
        break
      }
    } finally {
      sending.delete(d.clientId)
      notifyDraftsChange()
    }
  }
  return result
}
