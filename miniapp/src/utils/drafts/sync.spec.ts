// The offline queue of session records, against the fake server behind Taro.request.
import { FakeServer } from '../../../test/fake-server'
import { taroTest } from '../../../test/taro'
import { OFFLINE_MESSAGE } from '../../api/errors'

type Drafts = typeof import('./index')

let server: FakeServer
let invitationId: string

/** Starts the mini-program afresh (new modules), on the same phone: what was stored is still there. */
function openApp(): Drafts {
  taroTest.restartApp()
  jest.resetModules()
  return require('./index') as Drafts
}

function signInOrganizer() {
  const { saveSession } = require('../../api/session') as typeof import('../../api/session')
  saveSession(server.signIn({ role: 'organizer', regionCode: '510100', industry: null, organizationId: 'org-1' }))
}

/** A complete record as an organizer fills it in after the meeting; `over` changes fields of the form. */
function saveRecord(d: Drafts, over: Partial<import('./session-form').SessionForm> = {}) {
  const form = {
    ...d.emptySessionForm(['抽成比例']),
    place: '锦江区骑手驿站',
    workerChief: '王建国',
    employerChief: '李明',
    recorder: '赵敏',
    minutes: '双方就高峰时段抽成进行了协商。',
    ...over,
  }
  return d.queueSessionDraft(d.newSessionDraft(invitationId, '速达配送 · 2025年要约', form))
}

const posts = () => server.calls.filter((c) => c.method === 'POST' && c.path === `/invitations/${invitationId}/sessions`)

beforeEach(() => {
  server = new FakeServer().install()
  invitationId = server.addInvitation()
})

describe('the offline queue of session records', () => {
  it('keeps a record saved with no signal on the phone, unsent and counted as 未同步', async () => {
    let d = openApp()
    signInOrganizer()
    server.online = false
    const saved = saveRecord(d)
    const result = await d.syncSessionDrafts()
    expect(result).toEqual({ synced: 0, rejected: 0, waiting: 1, error: OFFLINE_MESSAGE })
    expect(server.sessions).toHaveLength(0)
    d = openApp()
    expect(d.listSessionDrafts()).toMatchObject([{ clientId: saved.clientId, status: 'queued', error: OFFLINE_MESSAGE }])
    expect(d.unsyncedSessionCount()).toBe(1)
  })

  it('keeps the record across a restart of the app and sends it once the network is back', async () => {
    let d = openApp()
    signInOrganizer()
    server.online = false
    const saved = saveRecord(d)
    await d.syncSessionDrafts()

    d = openApp()
    expect(d.getSessionDraft(saved.clientId)).toMatchObject({ status: 'queued', form: { place: '锦江区骑手驿站' } })
    server.online = true
    expect(await d.syncSessionDrafts()).toEqual({ synced: 1, rejected: 0, waiting: 0 })
    expect(server.sessions).toHaveLength(1)
    expect(d.getSessionDraft(saved.clientId)).toMatchObject({ status: 'synced', sessionId: server.sessions[0].id, round: 1 })
    expect(d.unsyncedSessionCount()).toBe(0)
  })

  it('sends a record exactly once however often the queue runs', async () => {
    const d = openApp()
    signInOrganizer()
    saveRecord(d)
    await d.syncSessionDrafts()
    await d.syncSessionDrafts()
    openApp()
    await openApp().syncSessionDrafts()
    expect(posts()).toHaveLength(1)
    expect(server.sessions).toHaveLength(1)
  })

  it('re-sends with the same clientId when the answer was lost, and the server keeps one record', async () => {
    const d = openApp()
    signInOrganizer()
    const saved = saveRecord(d)
    // The server stored it, but the phone never heard back (the signal dropped in the lift).
    server.loseAnswers(1)
    expect(await d.syncSessionDrafts()).toMatchObject({ synced: 0, waiting: 1 })
    expect(server.sessions).toHaveLength(1)
    expect(d.getSessionDraft(saved.clientId)?.status).toBe('queued')

    expect(await d.syncSessionDrafts()).toMatchObject({ synced: 1, waiting: 0 })
    expect(posts().map((c) => (c.body as { clientId: string }).clientId)).toEqual([saved.clientId, saved.clientId])
    expect(server.sessions).toHaveLength(1)
    expect(d.getSessionDraft(saved.clientId)).toMatchObject({ status: 'synced', sessionId: server.sessions[0].id })
  })

  it('keeps the same clientId when a record waited offline, through a restart, until it goes', async () => {
    let d = openApp()
    signInOrganizer()
    server.online = false
    const saved = saveRecord(d)
    await d.syncSessionDrafts()
    await d.syncSessionDrafts()
    d = openApp()
    server.online = true
    await d.syncSessionDrafts()
    expect(posts().map((c) => (c.body as { clientId: string }).clientId)).toEqual([saved.clientId])
    expect(server.sessions[0].clientId).toBe(saved.clientId)
  })

  it('keeps the server’s field error on the record, stops sending it, and sends it once corrected', async () => {
    const d = openApp()
    signInOrganizer()
    // The phone's own check would catch this; the server must say the same when a record slips through.
    const saved = saveRecord(d, { recorder: '王建国' })
    expect(await d.syncSessionDrafts()).toEqual({ synced: 0, rejected: 1, waiting: 0 })
    const refused = d.getSessionDraft(saved.clientId)
    expect(refused).toMatchObject({
      status: 'rejected',
      error: '记录员应由非协商代表担任（《集体合同规定》第三十三条）',
      fields: [{ field: 'recorder', message: '记录员应由非协商代表担任（《集体合同规定》第三十三条）' }],
    })
    expect(d.unsyncedSessionCount()).toBe(1)
    // A refused record waits for its correction: the queue does not send it again as it is.
    await d.syncSessionDrafts()
    expect(posts()).toHaveLength(1)

    d.queueSessionDraft({ ...refused!, form: { ...refused!.form, recorder: '赵敏' } })
    const corrected = d.getSessionDraft(saved.clientId)
    expect(corrected?.status).toBe('queued')
    expect(corrected?.error).toBeUndefined()
    expect(corrected?.fields).toBeUndefined()
    expect(await d.syncSessionDrafts()).toEqual({ synced: 1, rejected: 0, waiting: 0 })
    expect(server.sessions).toMatchObject([{ clientId: saved.clientId, recorder: '赵敏' }])
  })

  it('sends each record once when two syncs start together, oldest first', async () => {
    const d = openApp()
    signInOrganizer()
    const first = saveRecord(d, { place: '一号驿站' })
    await new Promise((r) => setTimeout(r, 5))
    const second = saveRecord(d, { place: '二号驿站' })
    server.hold()
    // The page shows (sync on show) while the network comes back (sync on reconnect).
    const a = d.syncSessionDrafts()
    const b = d.syncSessionDrafts()
    await new Promise((r) => setTimeout(r, 0))
    expect(d.isSending(first.clientId)).toBe(true)
    server.release()
    const [ra, rb] = await Promise.all([a, b])
    expect(ra).toEqual({ synced: 2, rejected: 0, waiting: 0 })
    expect(rb).toBe(ra)
    expect(posts().map((c) => (c.body as { clientId: string }).clientId)).toEqual([first.clientId, second.clientId])
    expect(server.sessions.map((s) => s.place)).toEqual(['一号驿站', '二号驿站'])
    expect(d.isSending(first.clientId)).toBe(false)
  })

  it('stops at the first record that cannot go and leaves the rest queued', async () => {
    const d = openApp()
    signInOrganizer()
    saveRecord(d, { place: '一号驿站' })
    await new Promise((r) => setTimeout(r, 5))
    saveRecord(d, { place: '二号驿站' })
    server.online = false
    expect(await d.syncSessionDrafts()).toEqual({ synced: 0, rejected: 0, waiting: 2, error: OFFLINE_MESSAGE })
    expect(d.listSessionDrafts().map((x) => x.status)).toEqual(['queued', 'queued'])
  })

  it('waits while signed out, and never shows one account’s records to another on the same phone', async () => {
    const d = openApp()
    signInOrganizer()
    saveRecord(d)
    const { clearSession } = require('../../api/session') as typeof import('../../api/session')
    clearSession()
    expect(await d.syncSessionDrafts()).toEqual({ synced: 0, rejected: 0, waiting: 0 })
    expect(posts()).toHaveLength(0)

    signInOrganizer()
    expect(d.listSessionDrafts()).toEqual([])
    expect(posts()).toHaveLength(0)
  })

  it('syncs by itself when the network comes back', async () => {
    const d = openApp()
    signInOrganizer()
    server.online = false
    const saved = saveRecord(d)
    d.startSessionAutoSync()
    server.online = true
    taroTest.setConnected(true)
    await new Promise((r) => setTimeout(r, 0))
    await d.syncSessionDrafts()
    expect(d.getSessionDraft(saved.clientId)?.status).toBe('synced')
    expect(posts()).toHaveLength(1)
  })

  it('does not sync when the network goes away', async () => {
    const d = openApp()
    signInOrganizer()
    saveRecord(d)
    d.startSessionAutoSync()
    taroTest.setConnected(false)
    await new Promise((r) => setTimeout(r, 0))
    expect(server.calls).toHaveLength(0)
  })
})
