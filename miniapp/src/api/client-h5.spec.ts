// The H5 build has no silent WeChat sign-in: an expired token sends the worker to the sign-in screen.
import { FakeServer } from '../../test/fake-server'
import { taroTest } from '../../test/taro'
import { api } from './client'
import { ApiError } from './errors'
import { getCachedUser, getToken, saveSession } from './session'

it('forgets the expired token and says so, without trying a WeChat sign-in', async () => {
  const server = new FakeServer().install()
  const { id } = server.addConsultation()
  saveSession(server.signIn())
  server.expireTokens()
  const e = await api.get(`/consultations/${id}`).then(
    () => null,
    (x: unknown) => x as ApiError,
  )
  expect(e).toBeInstanceOf(ApiError)
  expect(e?.message).toBe('登录已过期，请重新登录')
  expect(getToken()).toBeNull()
  expect(getCachedUser()).toBeNull()
  expect(taroTest.loginCalls).toBe(0)
})
