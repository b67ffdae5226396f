// Before each test file: the build-time constants the bundler would define, and a fresh Taro stand-in per test.
import { taroTest } from './taro'

const g = globalThis as { API_BASE?: string }
g.API_BASE = 'https://api.example.cn/api'
process.env.TARO_ENV ??= 'h5'

beforeEach(() => {
  taroTest.reset()
})
