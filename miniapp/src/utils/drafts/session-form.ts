// The session form as the organizer types it, its conversion to the request, and the rules checked on the phone.
import type { CreateSessionRequest, SessionType, TopicOutcome } from '@xst/shared-types'
import { MIN_REPRESENTATIVES_PER_SIDE, MINUTES_MAX_LENGTH } from '@xst/shared-types'

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

export function toSessionRequest(d: { clientId: string; form: SessionForm }): CreateSessionRequest {
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
export function checkSessionForm(f: SessionForm, invitationSentAt: string | null = null): Record<string, string> {
  const e: Record<string, string> = {}
  const heldAt = Date.parse(toInstant(f.heldDate, f.heldTime))
  if (!f.heldDate || Number.isNaN(heldAt)) e.heldAt = '请填写会议时间'
  else if (heldAt > Date.now() + 10 * 60000) e.heldAt = '会议时间不能晚于现在：请在会后记录'
  // The minute it was sent counts as after it: meeting times are entered to the minute.
  else if (invitationSentAt && heldAt < Math.floor(Date.parse(invitationSentAt) / 60000) * 60000)
    e.heldAt = '会议时间不能早于要约发出的时间'
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
