import './utils/aria-components'
import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { IS_WEAPP, wechatLogin } from './api/client'
import { getToken } from './api/session'
import { listenForPrivacyRequests } from './utils/privacy'
import './app.css'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    listenForPrivacyRequests()
    // In WeChat a worker never sees a sign-in form: sign in silently on first launch.
    if (IS_WEAPP && !getToken()) wechatLogin().catch(() => undefined)
  })
  return children
}

export default App
