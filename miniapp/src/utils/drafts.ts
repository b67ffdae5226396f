// Drafts kept on the phone (Taro storage) while they are typed, and the offline queue of session records.
// A session record gets its clientId once, when its draft is created: re-sending it (a retry, a sync after being
// offline, two taps) returns the same server record, so the queue can always send again safely.
import Taro from '@tarojs/taro'
import type { CreateSessionRequest, FieldError, NegotiationSession, SessionType, TopicOutcome } from '@xst/shared-types'
import { MIN_REPRESENTATIVES_PER_SIDE, MINUTES_MAX_LENGTH } from '@xst/shared-types'
import { IS_WEAPP } from '../api/client'
import { ApiError } from '../api/errors'
import { createSession } from '../api/sessions'
import { getCachedUser, getToken } from '../api/session'

// ---- ids -------------------------------------------------------------------------------------------------------

/** A v4 UUID: crypto.randomUUID where the runtime has it (H5 on https/localhost), else from Math.random. */
export function newClientId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID()
    } catch {
      // Insecure context: fall through.
    }
  }
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) => {
    const r = (Math.random() * 16) | 0
    return (ch === 'x' ? r : (r & 0x3) | 0x8).toString(16)
  })
}

// ---- per-user storage --------------------------------------------------------------------------------------------

/** Drafts belong to the signed-in account: another organizer on the same phone never sees or sends them. */
function userKey(name: string): string | null {
  const user = getCachedUser()
  return user ? `xst.drafts.${name}.${user.id}` : null
}

export function loadDraft<T>(name: string): T | null {
  const key = userKey(name)
  if (!key) return null
  try {
    return (Taro.getStorageSync(key) as T) || null
  } catch {
    return null
  }
}

export function saveDraft<T>(name: string, value: T): void {
  const key = userKey(name)
  if (key) Taro.setStorageSync(key, value)
}

export function clearDraft(name: string): void {
  const key = userKey(name)
  if (key) Taro.removeStorageSync(key)
}

/** Calls `fn` `ms` after the last `schedule`; `flush` runs a pending call now (page hide, unload, submit). */
export function debounced(fn: () => void, ms = 400) {
  let timer: ReturnType<typeof setTimeout> | null = null
  return {
    schedule() {
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        fn()
      }, ms)
    },
    flush() {
      if (!timer) return
      clearTimeout(timer)
      timer = null
      fn()
    },
    cancel() {
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}

// ---- session drafts ----------------------------------------------------------------------------------------------

export interface TopicRow {
  title: string
  outcome: TopicOutcome
  note: string
}

/** The session form as typed: strings where the phone has text inputs, converted only when sent. */
export interface SessionForm {
  type: SessionType
  /** YYYY-MM-DD and HH:mm, phone local time. */
  heldDate: string
  heldTime: string
  online: boolean
  place: string
  workerChief: string
  workerCount: number
  employerChief: string
  employerCount: number
  recorder: string
  topics: TopicRow[]
  minutes: string
  suspended: boolean
  nextDate: string
  nextTime: string
  nextPlace: string
  /** One topic per line (or separated by 、，,). */
  nextTopics: string
}

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

function notify() {
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
  notify()
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

const pad = (n: number) => String(n).padStart(2, '0')
export const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
export const localTime = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`

export function emptySessionForm(topics: string[] = []): SessionForm {
  const now = new Date()
  return {
    type: 'negotiation',
    heldDate: localDate(now),
    heldTime: localTime(now),
    online: false,
    place: '',
    workerChief: '',
    workerCount: MIN_REPRESENTATIVES_PER_SIDE,
    employerChief: '',
    employerCount: MIN_REPRESENTATIVES_PER_SIDE,
    recorder: '',
    topics: (topics.length ? topics : ['']).map((title) => ({ title, outcome: 'open' as TopicOutcome, note: '' })),
    minutes: '',
    suspended: false,
    nextDate: '',
    nextTime: '09:00',
    nextPlace: '',
    nextTopics: '',
  }
}

export function newSessionDraft(invitationId: string, invitationTitle: string, form: SessionForm): SessionDraft {
  const now = new Date().toISOString()
  return { clientId: newClientId(), invitationId, invitationTitle, form, status: 'editing', createdAt: now, updatedAt: now }
}

function toInstant(date: string, time: string): string {
  // The phone's local time (China: UTC+8), as the organizer read it off the wall clock.
  const d = new Date(`${date}T${time || '00:00'}:00`)
  return Number.isNaN(d.getTime()) ? '' : d.toISOString()
}

export function splitTopics(text: string): string[] {
  return text
    .split(/[\n、，,；;]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

export function toSessionRequest(d: SessionDraft): CreateSessionRequest {
  const f = d.form
  const req: CreateSessionRequest = {
    clientId: d.clientId,
    type: f.type,
    heldAt: toInstant(f.heldDate, f.heldTime),
    online: f.online,
    workerSide: { chief: f.workerChief.trim(), count: f.workerCount },
    employerSide: { chief: f.employerChief.trim(), count: f.employerCount },
    topics: f.topics
      .filter((t) => t.title.trim())
      .map((t) => ({ title: t.title.trim(), outcome: t.outcome, ...(t.note.trim() ? { note: t.note.trim() } : {}) })),
    minutes: f.minutes,
  }
  if (f.place.trim()) req.place = f.place.trim()
  if (f.recorder.trim()) req.recorder = f.recorder.trim()
  if (f.suspended)
    req.suspended = { nextAt: toInstant(f.nextDate, f.nextTime), nextPlace: f.nextPlace.trim(), nextTopics: splitTopics(f.nextTopics) }
  return req
}

/**
 * The rules the server applies (《集体合同规定》 arts. 19–24, 33), checked on the phone first so an organizer offline
 * learns them before leaving the room. Keys are the server's field names.
 */
export function checkSessionForm(f: SessionForm): Record<string, string> {
  const e: Record<string, string> = {}
  const heldAt = Date.parse(toInstant(f.heldDate, f.heldTime))
  if (!f.heldDate || Number.isNaN(heldAt)) e.heldAt = '请填写会议时间'
  else if (heldAt > Date.now() + 10 * 60000) e.heldAt = '会议时间不能晚于现在：请在会后记录'
  if (!f.online && !f.place.trim()) e.place = '线下会议请填写会议地点'
  if (!f.workerChief.trim()) e['workerSide.chief'] = '请填写职工方首席代表'
  if (!f.employerChief.trim()) e['employerSide.chief'] = '请填写企业方首席代表'
  if (f.workerCount < 1) e['workerSide.count'] = '职工方至少要有 1 名代表'
  if (f.employerCount < 1) e['employerSide.count'] = '企业方至少要有 1 名代表'
  if (f.type === 'negotiation') {
    if (f.workerCount < MIN_REPRESENTATIVES_PER_SIDE) e['workerSide.count'] = `正式协商每方代表不少于 ${MIN_REPRESENTATIVES_PER_SIDE} 人`
    if (f.employerCount < MIN_REPRESENTATIVES_PER_SIDE)
      e['employerSide.count'] = `正式协商每方代表不少于 ${MIN_REPRESENTATIVES_PER_SIDE} 人`
    else if (f.workerCount !== f.employerCount) e['employerSide.count'] = '正式协商双方代表人数应当相等'
  }
  const chiefs = [f.workerChief.trim(), f.employerChief.trim()]
  if (chiefs[0] && chiefs[0] === chiefs[1]) e['employerSide.chief'] = '同一人不能同时担任双方的首席代表'
  if (f.recorder.trim() && chiefs.includes(f.recorder.trim())) e.recorder = '记录员不能由首席代表担任'
  if (!f.topics.some((t) => t.title.trim())) e.topics = '请至少填写 1 个议题'
  f.topics.forEach((t, i) => {
    if (t.title.trim().length > 60) e[`topics[${i}].title`] = '议题最多 60 个字'
  })
  if (!f.minutes.trim()) e.minutes = '请填写会议纪要'
  else if (f.minutes.length > MINUTES_MAX_LENGTH) e.minutes = `会议纪要最多 ${MINUTES_MAX_LENGTH} 字，现在 ${f.minutes.length} 字`
  if (f.suspended) {
    const next = Date.parse(toInstant(f.nextDate, f.nextTime))
    if (!f.nextDate || Number.isNaN(next)) e['suspended.nextAt'] = '请填写下次会议时间'
    else if (!Number.isNaN(heldAt) && next <= heldAt) e['suspended.nextAt'] = '下次会议时间应晚于本次会议'
    if (!f.nextPlace.trim()) e['suspended.nextPlace'] = '请填写下次会议地点'
  }
  return e
}

/** Saves the draft for sending (保存): it stays 未同步 until the server has it. */
export function queueSessionDraft(d: SessionDraft): SessionDraft {
  const now = new Date().toISOString()
  const next: SessionDraft = { ...d, status: 'queued', queuedAt: now, updatedAt: now, error: undefined, fields: undefined }
  putSessionDraft(next)
  return next
}

// ---- sync --------------------------------------------------------------------------------------------------------

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
    notify()
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
      notify()
    }
  }
  return result
}

let autoSyncStarted = false

/**
 * Syncs when the network comes back (Taro.onNetworkStatusChange; in H5 also the window's `online` event, which
 * Chromium fires reliably), and every 30 s while something waits. Pages call it on show; it registers once.
 */
export function startSessionAutoSync(): void {
  if (autoSyncStarted) return
  autoSyncStarted = true
  const kick = () => {
    if (unsyncedQueued() > 0) void syncSessionDrafts()
  }
  try {
    Taro.onNetworkStatusChange((res) => {
      if (res.isConnected) kick()
    })
  } catch {
    // Not supported here: the other triggers still work.
  }
  if (!IS_WEAPP && typeof window !== 'undefined') window.addEventListener('online', kick)
  setInterval(kick, 30000)
}

const unsyncedQueued = () => listSessionDrafts().filter((d) => d.status === 'queued').length
