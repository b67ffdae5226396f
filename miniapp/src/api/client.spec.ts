// The API client's sign-in again when the token expired (the WeChat build), against the fake server.
import '../../test/weapp'
import { FakeServer } from '../../test/fake-server'
import { taroTest } from '../../test/taro'
import { api } from './client'
import { ApiError } from './errors'
import { getToken, saveSession } from './session'

let server: FakeServer
let consultationIds: string[]

beforeEach(() => {
  server = new FakeServer().install()
  consultationIds = [server.addConsultation().id, server.addConsultation().id, server.addConsultation().id]
  saveSession(server.signIn())
})

/** The error a request ends with (the test fails if it succeeds). */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('the request succeeded')
    },
    (e: unknown) => e as ApiError,
  )
const wechatSignIns = () => server.calls.filter((c) => c.path === '/auth/wechat')
const reads = (id: string) => server.calls.filter((c) => c.method === 'GET' && c.path === `/consultations/${id}`)

describe('signing in again when the token expired', () => {
  it('signs in once for several requests in flight and replays each of them once', async () => {
    const stale = getToken()
    server.expireTokens()
    const answers = await Promise.all(consultationIds.map((id) => api.get<{ id: string }>(`/consultations/${id}`)))
    expect(answers.map((a) => a.id)).toEqual(consultationIds)
    expect(taroTest.loginCalls).toBe(1)
    expect(wechatSignIns()).toHaveLength(1)
    for (const id of consultationIds) {
      expect(reads(id).map((c) => c.token)).toEqual([stale, getToken()])
    }
    expect(getToken()).not.toBe(stale)
  })

  it('does not sign in again for a 401 that arrives after the new token is already there', async () => {
    const stale = getToken()
    server.expireTokens()
    // Two requests leave with the stale token; the second one's answer is slow and arrives after the sign-in is over.
    const releaseSlow = server.holdAnswer((c) => c.path === `/consultations/${consultationIds[1]}`)
    const slow = api.get<{ id: string }>(`/consultations/${consultationIds[1]}`)
    await expect(api.get<{ id: string }>(`/consultations/${consultationIds[0]}`)).resolves.toMatchObject({ id: consultationIds[0] })
    expect(wechatSignIns()).toHaveLength(1)
    releaseSlow()
    await expect(slow).resolves.toMatchObject({ id: consultationIds[1] })
    expect(reads(consultationIds[1]).map((c) => c.token)).toEqual([stale, getToken()])
    expect(wechatSignIns()).toHaveLength(1)
    expect(taroTest.loginCalls).toBe(1)
  })

  it('replays a request only once: a second 401 is the caller’s error, not another sign-in', async () => {
    // Every token is refused, the new one too (the account was signed out everywhere meanwhile).
    server.revokeAllTokens()
    const e = await failure(api.get(`/consultations/${consultationIds[0]}`))
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(401)
    expect(e.message).toBe('登录信息已失效，请重新登录')
    expect(wechatSignIns()).toHaveLength(1)
    expect(reads(consultationIds[0])).toHaveLength(2)
  })

  it('says clearly that signing in failed when WeChat refuses, for every request that waited', async () => {
    server.expireTokens()
    taroTest.login = () => Promise.reject({ errMsg: 'login:fail system error' })
    const errors = await Promise.all(consultationIds.map((id) => failure(api.get(`/consultations/${id}`))))
    expect(taroTest.loginCalls).toBe(1)
    for (const e of errors) {
      expect(e).toBeInstanceOf(ApiError)
      expect(e.message).toBe('微信登录没有成功，请稍后重试')
      expect(e.code).toBe('wechat_login_failed')
    }
    expect(wechatSignIns()).toHaveLength(0)
  })

  it('passes on the server’s reason when it refuses the WeChat code, and replays nothing', async () => {
    server.expireTokens()
    // A code WeChat has seen before: the server answers 401 wechat_invalid_code.
    server.markCodeUsed('wx-code-used')
    taroTest.login = () => Promise.resolve({ code: 'wx-code-used', errMsg: 'login:ok' })
    const e = await failure(api.get(`/consultations/${consultationIds[0]}`))
    expect(e).toBeInstanceOf(ApiError)
    expect(e.message).toBe('微信登录凭证无效或已使用，请重新进入小程序再试')
    expect(reads(consultationIds[0])).toHaveLength(1)
  })

  it('tells a phone with no signal during the sign-in that the network is down', async () => {
    server.expireTokens()
    taroTest.login = async () => {
      server.online = false
      return { code: 'wx-code-offline', errMsg: 'login:ok' }
    }
    const e = await failure(api.get(`/consultations/${consultationIds[0]}`))
    expect(e).toBeInstanceOf(ApiError)
    expect(e.isNetwork).toBe(true)
    expect(e.message).toBe('网络不通，请检查网络后重试')
  })

  it('signs in again on the next request after a failed sign-in', async () => {
    server.expireTokens()
    taroTest.login = () => Promise.reject({ errMsg: 'login:fail' })
    await expect(api.get(`/consultations/${consultationIds[0]}`)).rejects.toThrow('微信登录没有成功')
    taroTest.login = () => Promise.resolve({ code: 'wx-code-later', errMsg: 'login:ok' })
    await expect(api.get<{ id: string }>(`/consultations/${consultationIds[0]}`)).resolves.toMatchObject({ id: consultationIds[0] })
    expect(taroTest.loginCalls).toBe(2)
  })

  it('does not sign in for a request sent without the token', async () => {
    server.expireTokens()
    const e = await failure(api.get(`/consultations/${consultationIds[0]}`, undefined, { auth: false }))
    expect(e.status).toBe(401)
    expect(taroTest.loginCalls).toBe(0)
  })
})
