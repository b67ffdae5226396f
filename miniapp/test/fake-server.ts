// The server as the phone meets it, behind Taro.request: the same routes, status codes, error bodies (ApiErrorBody)
// and rules as server/src for the calls these tests make, kept in memory. It can also be what a phone meets on the
// road: no network, a slow answer held back, an answer lost after the server acted.
import type {
  ApiErrorBody,
  AuthResponse,
  BallotReceipt,
  Consultation,
  ConsultationMode,
  ConsultationResults,
  CreateSessionRequest,
  ErrorCode,
  FieldError,
  Industry,
  NegotiationSession,
  Region,
  User,
} from '@xst/shared-types'
import { CONSULTATION_LIMITS, INDUSTRIES, MIN_REPRESENTATIVES_PER_SIDE } from '@xst/shared-types'
import type { RequestOption, RequestResult } from './taro'
import { taroTest } from './taro'

export interface Call {
  method: string
  path: string
  body: unknown
  token: string | null
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message)
  }
}
// The server's own helpers (server/src/common/errors.ts), with the same words.
const invalid = (field: string, message: string) => new HttpError(400, 'validation_failed', message, [{ field, message }])
const notFound = (what: string) => new HttpError(404, 'not_found', `${what}不存在或无权查看`)
const conflict = (code: ErrorCode, message: string) => new HttpError(409, code, message)

interface Ballot {
  choices: string[]
  suggestion: string | null
  submittedAt: string
}

const REGIONS: Region[] = [
  { code: '510000', name: '四川省', level: 'province', parentCode: null },
  { code: '510100', name: '成都市', level: 'city', parentCode: '510000' },
  { code: '510104', name: '锦江区', level: 'county', parentCode: '510100' },
  { code: '510107', name: '武侯区', level: 'county', parentCode: '510100' },
  { code: '510700', name: '绵阳市', level: 'city', parentCode: '510000' },
]

let seq = 0
const uuid = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`

export function makeUser(over: Partial<User> = {}): User {
  return {
    id: uuid(),
    role: 'worker',
    displayName: null,
    industry: 'rider',
    platform: null,
    regionCode: '510104',
    organizationId: null,
    createdAt: new Date().toISOString(),
    ...over,
  }
}

export interface ConsultationSpec {
  mode?: ConsultationMode
  maxChoices?: number
  topics?: string[]
  /** Hours from now; negative for the past. */
  opensInHours?: number
  closesInHours?: number
  allowSuggestions?: boolean
  resultsVisibility?: Consultation['resultsVisibility']
  title?: string
}

export class FakeServer {
  readonly calls: Call[] = []
  /** false: requests fail as WeChat fails them with no signal. */
  online = true
  private users = new Map<string, User>()
  private openids = new Map<string, string>()
  private tokens = new Map<string, { userId: string; expired: boolean }>()
  private usedCodes = new Set<string>()
  private consultations = new Map<string, Omit<Consultation, 'status' | 'canSeeResults' | 'myBallot'>>()
  private ballots = new Map<string, Map<string, Ballot>>()
  private invitations = new Set<string>()
  readonly sessions: NegotiationSession[] = []
  private gate: { promise: Promise<void>; open: () => void } | null = null
  private loseNext = 0
  private revoked = false
  private answerHolds: { match: (c: Call) => boolean; promise: Promise<void> }[] = []

  /** Puts the fake behind Taro.request. */
  install(): this {
    taroTest.network = (opt) => this.handle(opt)
    return this
  }

  /** A user known to the server, signed in with a fresh token (what saveSession receives). */
  signIn(over: Partial<User> = {}, openid = `openid-${seq + 1}`): AuthResponse {
    const user = makeUser(over)
    this.users.set(user.id, user)
    this.openids.set(openid, user.id)
    return this.issue(user)
  }

  /** Every token issued so far stops being accepted, as when it passes its expiresAt. */
  expireTokens() {
    for (const t of this.tokens.values()) t.expired = true
  }

  /** Every token, also those issued from now on, is refused (signed out everywhere, account deleted). */
  revokeAllTokens() {
    this.revoked = true
  }

  /** A WeChat login code the server has already exchanged once. */
  markCodeUsed(code: string) {
    this.usedCodes.add(code)
  }

  /** Answers wait until `release()`: requests stay in flight together. */
  hold() {
    let open = () => {}
    const promise = new Promise<void>((r) => {
      open = r
    })
    this.gate = { promise, open }
  }

  /** Holds back the answer to the next request that `match`es (it is carried out when released); returns the release. */
  holdAnswer(match: (c: Call) => boolean): () => void {
    let open = () => {}
    const promise = new Promise<void>((r) => {
      open = r
    })
    this.answerHolds.push({ match, promise })
    return open
  }

  release() {
    this.gate?.open()
    this.gate = null
  }

  /** The next `n` requests reach the server and are carried out, but their answers never reach the phone. */
  loseAnswers(n = 1) {
    this.loseNext = n
  }

  addInvitation(id = uuid()): string {
    this.invitations.add(id)
    return id
  }

  addConsultation(spec: ConsultationSpec = {}): Consultation {
    const now = Date.now()
    const mode = spec.mode ?? 'multiple'
    const titles = spec.topics ?? ['抽成比例', '算法规则', '派单规则', '劳动保护']
    const topics = titles.map((title) => ({ id: uuid(), code: null, title, description: null }))
    const c = {
      id: uuid(),
      title: spec.title ?? '2025 年成都外卖骑手集体协商议题征集',
      description: null,
      regionCode: '510100',
      regionName: '成都市',
      industries: ['rider' as const],
      opensAt: new Date(now + (spec.opensInHours ?? -1) * 3600_000).toISOString(),
      closesAt: new Date(now + (spec.closesInHours ?? 72) * 3600_000).toISOString(),
      closedEarly: false,
      mode,
      maxChoices: spec.maxChoices ?? (mode === 'single' ? 1 : mode === 'ranking' ? topics.length : Math.min(3, topics.length)),
      topics,
      allowSuggestions: spec.allowSuggestions ?? true,
      resultsVisibility: spec.resultsVisibility ?? 'after_vote',
      eligibility: 'self_declared' as const,
      platformOrgId: null,
      platformName: null,
      headcount: null,
      headcountSource: null,
      createdAt: new Date(now - 86400_000).toISOString(),
    }
    this.consultations.set(c.id, c)
    this.ballots.set(c.id, new Map())
    return { ...c, status: 'open', canSeeResults: false, myBallot: null }
  }

  /** An organizer closes it early (POST /consultations/:id/close). */
  closeConsultation(id: string) {
    const c = this.consultations.get(id)
    if (c) this.consultations.set(id, { ...c, closesAt: new Date(Date.now() - 1000).toISOString(), closedEarly: true })
  }

  /** Another worker's ballot, so that results are not one person's. */
  addBallot(consultationId: string, choices: string[], userId = uuid()) {
    this.ballots.get(consultationId)?.set(userId, { choices, suggestion: null, submittedAt: new Date().toISOString() })
  }

  ballotOf(consultationId: string, userId: string): Ballot | undefined {
    return this.ballots.get(consultationId)?.get(userId)
  }

  private issue(user: User): AuthResponse {
    const token = `token-${uuid()}`
    this.tokens.set(token, { userId: user.id, expired: false })
    return { token, expiresAt: new Date(Date.now() + 7 * 86400_000).toISOString(), user }
  }

  private async handle(opt: RequestOption): Promise<RequestResult> {
    const url = new URL(opt.url)
    const path = url.pathname.replace(/^\/api/, '')
    const method = (opt.method ?? 'GET').toUpperCase()
    const auth = opt.header?.Authorization ?? opt.header?.authorization
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : null
    if (!this.online) throw { errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' }
    const call = { method, path, body: opt.data, token }
    this.calls.push(call)
    const gate = this.gate
    if (gate) await gate.promise
    const held = this.answerHolds.findIndex((h) => h.match(call))
    if (held >= 0) {
      const [h] = this.answerHolds.splice(held, 1)
      await h.promise
    }
    let status = 200
    let data: unknown
    try {
      const out = this.route(method, path, url.searchParams, opt.data, token)
      status = out.status
      data = out.data
    } catch (e) {
      if (!(e instanceof HttpError)) throw e
      status = e.status
      data = { statusCode: e.status, code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } satisfies ApiErrorBody
    }
    if (this.loseNext > 0) {
      this.loseNext--
      throw { errMsg: 'request:fail timeout' }
    }
    return { statusCode: status, data, header: { 'content-type': 'application/json' }, errMsg: 'request:ok' }
  }

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    token: string | null,
  ): { status: number; data: unknown } {
    const b = (body ?? {}) as Record<string, unknown>
    if (method === 'POST' && path === '/auth/wechat') return { status: 200, data: this.wechat(b) }
    if (method === 'GET' && path === '/regions') return { status: 200, data: this.regions(query.get('parent')) }
    const user = this.authenticate(token)
    const [, resource, id, sub] = path.split('/')
    if (method === 'GET' && path === '/me') return { status: 200, data: user }
    if (method === 'PATCH' && path === '/me') return { status: 200, data: this.updateMe(user, b) }
    if (resource === 'consultations' && id) {
      if (method === 'GET' && !sub) return { status: 200, data: this.consultation(user, id) }
      if (method === 'PUT' && sub === 'ballot') return { status: 200, data: this.vote(user, id, b) }
      if (method === 'GET' && sub === 'results') return { status: 200, data: this.results(user, id) }
    }
    if (resource === 'invitations' && id && sub === 'sessions' && method === 'POST') return this.createSession(user, id, b)
    throw new HttpError(404, 'not_found', '接口不存在')
  }

  // server/src/regions: a small piece of the GB/T 2260 tree.
  private regions(parent: string | null): Region[] {
    return REGIONS.filter((r) => r.parentCode === (parent || null))
  }

  // server/src/identity: a worker's industry and city, both checked.
  private updateMe(user: User, b: Record<string, unknown>): User {
    if (b.industry !== undefined && !INDUSTRIES.includes(b.industry as Industry)) throw invalid('industry', '行业 industry 不是允许的选项')
    if (b.regionCode !== undefined) {
      const r = REGIONS.find((x) => x.code === b.regionCode)
      if (!r) throw invalid('regionCode', '所在城市 regionCode 不存在')
      if (r.level === 'province') throw invalid('regionCode', '请选择到市或区县')
    }
    const next = { ...user, ...(b as Partial<User>) }
    this.users.set(user.id, next)
    return next
  }

  // server/src/identity: a WeChat code is good once.
  private wechat(b: Record<string, unknown>): AuthResponse {
    const code = b.code
    if (typeof code !== 'string' || !code) throw invalid('code', '登录凭证 code 不能为空')
    if (this.usedCodes.has(code)) throw new HttpError(401, 'wechat_invalid_code', '微信登录凭证无效或已使用，请重新进入小程序再试')
    this.usedCodes.add(code)
    const openid = 'openid-wechat'
    let userId = this.openids.get(openid) ?? [...this.users.keys()][0]
    if (!userId) {
      const u = makeUser()
      this.users.set(u.id, u)
      userId = u.id
    }
    this.openids.set(openid, userId)
    return this.issue(this.users.get(userId)!)
  }

  // server/src/common/auth.ts
  private authenticate(token: string | null): User {
    if (!token) throw new HttpError(401, 'unauthorized', '请先登录')
    const t = this.tokens.get(token)
    if (!t) throw new HttpError(401, 'unauthorized', '登录信息无效，请重新登录')
    if (this.revoked) throw new HttpError(401, 'token_revoked', '登录信息已失效，请重新登录')
    if (t.expired) throw new HttpError(401, 'token_expired', '登录已过期，请重新登录')
    return this.users.get(t.userId)!
  }

  private statusOf(c: { opensAt: string; closesAt: string }): Consultation['status'] {
    const now = Date.now()
    if (Date.parse(c.opensAt) > now) return 'upcoming'
    return Date.parse(c.closesAt) > now ? 'open' : 'closed'
  }

  // server/src/consultations: a worker sees the consultations of their industry and city, and their own ballot.
  private consultation(user: User, id: string): Consultation {
    const c = this.consultations.get(id)
    if (!c) throw notFound('意见征集')
    const mine = this.ballots.get(id)?.get(user.id)
    const status = this.statusOf(c)
    return {
      ...c,
      status,
      canSeeResults: status === 'closed' || (c.resultsVisibility === 'after_vote' && !!mine),
      myBallot: mine ? { ...mine } : null,
    }
  }

  private vote(user: User, id: string, b: Record<string, unknown>): BallotReceipt {
    if (!user.regionCode || !user.industry) throw conflict('profile_required', '请先在“我的”里填写所在城市和行业，再参加意见征集')
    const c = this.consultations.get(id)
    if (!c) throw notFound('意见征集')
    const choices = b.choices
    if (!Array.isArray(choices)) throw invalid('choices', '选择 choices 应为列表')
    if (choices.length < 1) throw invalid('choices', '请至少选择 1 个议题')
    const status = this.statusOf(c)
    if (status === 'upcoming') throw conflict('consultation_not_open', '这次意见征集还没有开始')
    if (status === 'closed') throw conflict('consultation_closed', '这次意见征集已经结束，不能再提交')
    const ids = new Set(c.topics.map((t) => t.id))
    if (choices.some((x) => !ids.has(x))) throw invalid('choices', '选择中有不属于本次征集的议题，请刷新后重选')
    if (new Set(choices).size !== choices.length) throw invalid('choices', '同一个议题不能重复选择')
    if (choices.length > c.maxChoices)
      throw invalid('choices', c.maxChoices === 1 ? '只能选择 1 个议题' : `最多只能选择 ${c.maxChoices} 个议题`)
    const raw = b.suggestion
    if (raw !== undefined && typeof raw !== 'string') throw invalid('suggestion', '建议 suggestion 应为文字')
    if (typeof raw === 'string' && raw.length > CONSULTATION_LIMITS.suggestionMax)
      throw invalid('suggestion', `建议 suggestion 不能超过 ${CONSULTATION_LIMITS.suggestionMax} 个字`)
    const suggestion = (raw as string | undefined)?.trim() || null
    if (suggestion && !c.allowSuggestions) throw invalid('suggestion', '这次意见征集不收集文字建议')
    const acceptedAt = new Date().toISOString()
    this.ballots.get(id)!.set(user.id, { choices: choices as string[], suggestion, submittedAt: acceptedAt })
    return { consultationId: id, choices: choices as string[], suggestion, acceptedAt }
  }

  private results(user: User, id: string): ConsultationResults {
    const c = this.consultation(user, id)
    if (!c.canSeeResults) throw new HttpError(403, 'results_after_vote', '提交你的选择后就能看到大家的结果')
    const all = [...(this.ballots.get(id)?.values() ?? [])]
    const n = all.length
    const topics = c.topics.map((t) => {
      const votes = all.filter((x) => x.choices.includes(t.id)).length
      const points = all.reduce((p, x) => p + (x.choices.includes(t.id) ? c.topics.length - x.choices.indexOf(t.id) : 0), 0)
      return { topicId: t.id, code: t.code, title: t.title, votes, share: n ? votes / n : 0, ...(c.mode === 'ranking' ? { points } : {}) }
    })
    const order = c.mode === 'ranking' ? [...topics].sort((a, b) => (b.points ?? 0) - (a.points ?? 0)).map((t) => t.topicId) : undefined
    // Published in steps of k as the server does, without keeping the step behind (the phone's view only).
    const k = CONSULTATION_LIMITS.defaultResultsStep
    const final = c.status === 'closed'
    const publication = { step: k, final, untilNext: final ? null : k - (n % k) }
    if (n < k) return { consultationId: id, status: c.status, mode: c.mode, publication, published: false, reason: 'too_few' }
    return {
      consultationId: id,
      status: c.status,
      mode: c.mode,
      publication,
      published: true,
      ballots: n,
      topics,
      ...(order ? { order } : {}),
      suggestions: all.flatMap((x) => (x.suggestion ? [x.suggestion] : [])).sort(),
      suggestionCount: all.filter((x) => x.suggestion).length,
      breakdowns: { industry: [], city: [] },
    }
  }

  // server/src/sessions: idempotent on clientId (201 new, 200 the same record again), the rules of checkRules.
  private createSession(user: User, invitationId: string, b: Record<string, unknown>): { status: number; data: NegotiationSession } {
    if (!this.invitations.has(invitationId)) throw notFound('要约')
    if (user.role !== 'organizer') throw new HttpError(403, 'forbidden', '没有权限进行此操作')
    const req = b as unknown as CreateSessionRequest
    const clientId = String(req.clientId ?? '').toLowerCase()
    if (!/^[0-9a-f-]{36}$/.test(clientId)) throw invalid('clientId', '记录编号 clientId 应为 UUID')
    const replay = this.sessions.find((s) => s.clientId === clientId)
    if (replay) {
      if (replay.invitationId !== invitationId) throw conflict('client_id_reused', '这条记录的编号已用于另一份要约的会议，请新建记录')
      return { status: 200, data: replay }
    }
    const heldAt = Date.parse(req.heldAt)
    if (Number.isNaN(heldAt)) throw invalid('heldAt', '会议时间 heldAt 应为 ISO 时间')
    if (heldAt > Date.now() + 10 * 60000) throw invalid('heldAt', '会议时间不能晚于现在：请在会后记录')
    if (!req.online && !req.place) throw invalid('place', '线下会议请填写会议地点 place')
    if (req.type === 'negotiation') {
      if (req.workerSide.count !== req.employerSide.count)
        throw invalid('employerSide.count', '正式集体协商双方代表人数应当对等（《集体合同规定》第十九条）')
      if (req.workerSide.count < MIN_REPRESENTATIVES_PER_SIDE)
        throw invalid('workerSide.count', `正式集体协商每方代表不少于 ${MIN_REPRESENTATIVES_PER_SIDE} 人（《集体合同规定》第十九条）`)
    }
    if (req.workerSide.chief === req.employerSide.chief) throw invalid('employerSide.chief', '同一人不能同时担任双方的首席代表')
    if (req.recorder && [req.workerSide.chief, req.employerSide.chief].includes(req.recorder))
      throw invalid('recorder', '记录员应由非协商代表担任（《集体合同规定》第三十三条）')
    const now = new Date().toISOString()
    const s: NegotiationSession = {
      id: uuid(),
      clientId,
      invitationId,
      round: this.sessions.filter((x) => x.invitationId === invitationId).length + 1,
      type: req.type,
      heldAt: new Date(heldAt).toISOString(),
      place: req.place ?? null,
      online: req.online,
      workerSide: req.workerSide,
      employerSide: req.employerSide,
      recorder: req.recorder ?? null,
      topics: req.topics,
      minutes: req.minutes,
      suspended: req.suspended ?? null,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
      publishDueOn: null,
      publishOverdue: false,
    }
    this.sessions.push(s)
    return { status: 201, data: s }
  }
}
