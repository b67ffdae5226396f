// Sign-in: WeChat in the mini-program; in the browser (H5) a demo sign-in by role when the server allows it.
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Role } from '@xst/shared-types'
import { ROLE_LABELS } from '@xst/shared-types'
import { IS_WEAPP } from '../../api/client'
import { devLogin, getInfo, wechatLogin } from '../../api/identity'
import { getCachedUser } from '../../api/session'
import { Button } from '../../components/Button'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { needsProfile } from '../../hooks/useSession'
import { ROUTES, TABS } from '../../utils/nav'
import './index.css'
import { pageStyle } from '../../utils/comfort'

const DEMO_ACCOUNTS: { role: Role; openid: string; note: string }[] = [
  { role: 'worker', openid: 'demo-worker', note: '外卖骑手，成都市锦江区' },
  { role: 'organizer', openid: 'demo-organizer', note: '成都市总工会' },
  { role: 'enterprise', openid: 'demo-enterprise', note: '平台企业' },
  { role: 'admin', openid: 'demo-admin', note: '四川省总工会' },
]

function afterSignIn() {
  if (needsProfile(getCachedUser())) Taro.redirectTo({ url: ROUTES.profile })
  else Taro.switchTab({ url: TABS.consultations })
}

export default function LoginPage() {
  const [busy, setBusy] = useState<string | null>(null)
  const info = useLoad(getInfo, [], !IS_WEAPP)

  const signIn = async (key: string, fn: () => Promise<unknown>) => {
    setBusy(key)
    try {
      await fn()
      afterSignIn()
    } catch (e) {
      toast.error(e)
    } finally {
      setBusy(null)
    }
  }

  return (
    <View className="page login-page" style={pageStyle()}>
      <View className="login-hero">
        <View className="login-logo">协</View>
        <View className="page-title">协商通</View>
        <View className="page-lead">说出你的想法，一起谈出更好的劳动条件。</View>
      </View>

      {IS_WEAPP ? (
        <Button id="wechat-login" loading={busy === 'wechat'} loadingText="正在登录…" onClick={() => signIn('wechat', wechatLogin)}>
          微信一键登录
        </Button>
      ) : info.loading && !info.data ? (
        <StateView status="loading" />
      ) : info.error ? (
        <ErrorState error={info.error} onRetry={info.reload} />
      ) : info.data?.devLogin ? (
        <View>
          <View className="login-demo-note" id="dev-login-note">
            这是演示环境：不用微信，选一个身份直接进入。
          </View>
          <View className="stack">
            {DEMO_ACCOUNTS.map((a) => (
              <Button
                key={a.role}
                id={`dev-login-${a.role}`}
                type={a.role === 'worker' ? 'primary' : 'plain'}
                loading={busy === a.role}
                loadingText="正在登录…"
                disabled={!!busy && busy !== a.role}
                onClick={() => signIn(a.role, () => devLogin({ openid: a.openid, role: a.role }))}
              >
                <View className="login-role">
                  <View>{a.role === 'admin' ? '管理员' : ROLE_LABELS[a.role]}</View>
                  <View className="login-role-note">{a.note}</View>
                </View>
              </Button>
            ))}
          </View>
        </View>
      ) : (
        <StateView status="empty" title="请在微信中打开" message="请在微信里搜索“协商通”小程序登录使用。" />
      )}
    </View>
  )
}
