// The session records kept on the phone: one list per account, each record with the clientId it got when its draft
// was created. A record is re-sent with that same clientId however often it goes (a retry, a sync after being offline,
// two taps), and the server answers with the same record, so the queue can always send again safely.
import type { FieldError } from '@xst/shared-types'
import type { SessionForm } from './session-form'
import { loadDraft, newClientId, saveDraft } from './storage'

/**
 * editing: typed, not saved yet · queued: saved, waiting for the server (未同步) · rejected: the server refused it,
 * the organizer must correct it · synced: the server has it (已同步).
 */
export type DraftStatus = 'editing' | 'queued' | 'rejected' | 'synced'

export interface SessionDraft {
  clientId: string
  invitationId: string
  /** For the list, readable offline: "速达配送 · 2024年要约". */
  invitationTitle: string
  form: SessionForm
  status: DraftStatus
  createdAt: string
  updatedAt: string
  queuedAt?: string
  syncedAt?: string
  /** The server record once synced. */
  sessionId?: string
  round?: number
  /** The last failure: the server's sentence (rejected) or why it is still waiting (offline, server busy). */
  error?: string
  fields?: FieldError[]
}

const SESSIONS = 'sessions'
/** Synced drafts stay listed (as 已同步) this long, then only the server's list shows them. */
const KEEP_SYNCED_MS = 3 * 86400000

type Listener = () => void
const listeners = new Set<Listener>()

export function onDraftsChange(l: Listener): () => void {
  listeners.add(l)
  return () => {
    listeners.delete(l)
  }
}

/** Tells the lists that a record changed (saved, sending, synced, refused). */
export function notifyDraftsChange() {
  for (const l of listeners) l()
}

export function listSessionDrafts(): SessionDraft[] {
  const all = loadDraft<SessionDraft[]>(SESSIONS) ?? []
  return Array.isArray(all) ? all : []
}

function writeSessionDrafts(drafts: SessionDraft[]) {
  const now = Date.now()
  const kept = drafts.filter((d) => d.status !== 'synced' || now - Date.parse(d.syncedAt ?? d.updatedAt) < KEEP_SYNCED_MS)
  saveDraft(SESSIONS, kept)
  notifyDraftsChange()
}

export function getSessionDraft(clientId: string): SessionDraft | undefined {
  return listSessionDrafts().find((d) => d.clientId === clientId)
}

export function putSessionDraft(draft: SessionDraft): void {
  const all = listSessionDrafts()
  const i = all.findIndex((d) => d.clientId === draft.clientId)
  if (i >= 0) all[i] = draft
  else all.unshift(draft)
  writeSessionDrafts(all)
}

export function removeSessionDraft(clientId: string): void {
  writeSessionDrafts(listSessionDrafts().filter((d) => d.clientId !== clientId))
}

/** The unfinished (never saved) draft of an invitation, so a reload or a return resumes it instead of starting over. */
export function openDraftFor(invitationId: string): SessionDraft | undefined {
  return listSessionDrafts().find((d) => d.invitationId === invitationId && d.status === 'editing')
}

/** Records the server does not have yet: saved and waiting, or refused and waiting for a correction. */
export function unsyncedSessionCount(): number {
  return listSessionDrafts().filter((d) => d.status === 'queued' || d.status === 'rejected').length
}

export function newSessionDraft(invitationId: string, invitationTitle: string, form: SessionForm): SessionDraft {
  const now = new Date().toISOString()
  return { clientId: newClientId(), invitationId, invitationTitle, form, status: 'editing', createdAt: now, updatedAt: now }
}

/** Saves the draft for sending (保存): it stays 未同步 until the server has it. */
export function queueSessionDraft(d: SessionDraft): SessionDraft {
  const now = new Date().toISOString()
  const next: SessionDraft = { ...d, status: 'queued', queuedAt: now, updatedAt: now, error: undefined, fields: undefined }
  putSessionDraft(next)
  return next
}
