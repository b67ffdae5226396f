// 我的: who I am (role badge, profile), my participation, the staff workbench, sign-out; the invitation code that opens
// a staff account waits behind 我是工作人员, out of a rider's way.
import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { INDUSTRY_LABELS, ROLE_LABELS } from '@xst/shared-types'
import { ApiError } from '../../api/errors'
import { deleteAccount, exportMyData, getMe, logout, redeem } from '../../api/identity'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { TextField } from '../../components/Field'
import { StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { regionFullName } from '../../utils/regions'
import { ROUTES, TABS, WORKBENCH, go } from '../../utils/nav'
import './index.css'
import { pageStyle } from '../../utils/comfort'
import { a11y } from '../../utils/a11y'

export default function MePage() {
  const user = useSession()
  // Refresh the profile from the server when the tab shows (role may change after redeeming elsewhere).
  useLoad(getMe, [user?.id], !!user)
  const [regionName, setRegionName] = useState('')
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState('')
  const [redeeming, setRedeeming] = useState(false)
  const [staffOpen, setStaffOpen] = useState(false)

  useEffect(() => {
    if (user?.regionCode) regionFullName(user.regionCode).then(setRegionName)
    else setRegionName('')
  }, [user?.regionCode])

  if (!user) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          id="me-signed-out"
          status="empty"
          title="你还没有登录"
          message="登录后可以参与议题投票，查看协商进展。"
          action={
            <Button id="me-go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
      </View>
    )
  }

  const submitCode = async () => {
    const c = code.trim().toUpperCase()
    if (!c) return setCodeError('请输入邀请码')
    setCodeError('')
    setRedeeming(true)
    try {
      const u = await redeem(c)
      setCode('')
      setStaffOpen(false)
      toast.success(`已开通${ROLE_LABELS[u.role]}`)
    } catch (e) {
      if (e instanceof ApiError && e.status < 500 && !e.isNetwork) setCodeError(e.fieldMessage('code') ?? e.message)
      else toast.error(e)
    } finally {
      setRedeeming(false)
    }
  }

  const exportData = async () => {
    try {
      await exportMyData()
      if (process.env.TARO_ENV === 'h5') toast.success('已下载')
    } catch (e) {
      toast.error(e)
    }
  }

  const removeAccount = async () => {
    const { confirm } = await Taro.showModal({
      title: '注销账号',
      content:
        user?.role === 'enterprise'
          ? '注销后不能恢复：你的账号和你登记的本单位联系手机会被清除，本单位的要约和答复记录仍然保留。'
          : '注销后不能恢复：你的行业、城市和平台会被清除，投票只作为匿名总数保留，谁也不能再把它和你联系起来。',
      confirmText: '注销',
      cancelText: '取消',
    })
    if (!confirm) return
    try {
      await deleteAccount()
      toast.success('已注销')
      setTimeout(() => Taro.switchTab({ url: TABS.consultations }), 600)
    } catch (e) {
      toast.error(e)
    }
  }

  const signOut = async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定要退出登录吗？', confirmText: '退出', cancelText: '取消' })
    if (!confirm) return
    try {
      await logout()
    } catch {
      // The local session is gone either way; the server token expires by itself.
    }
    toast.info('已退出登录')
  }

  const isWorker = user.role === 'worker'
  return (
    <View className="page" style={pageStyle()}>
      <View className="me-head">
        <View className="me-avatar">{(user.displayName ?? '我').slice(0, 1)}</View>
        <View className="grow">
          <View className="me-name">{user.displayName ?? (isWorker ? '劳动者' : '工作人员')}</View>
          <View className="row me-badges">
            <View id="role-badge" className={`badge ${isWorker ? 'badge-blue' : ''}`}>
              {ROLE_LABELS[user.role]}
            </View>
            {regionName && <View className="muted me-region">{regionName}</View>}
          </View>
        </View>
      </View>

      {isWorker && (
        <Card
          title="我的信息"
          extra={
            <View className="me-link" id="edit-profile">
              修改 ›
            </View>
          }
          onClick={() => go(`${ROUTES.profile}?next=back`)}
        >
          <View className="me-kv">
            <View className="me-k">行业</View>
            <View className="me-v">{user.industry ? INDUSTRY_LABELS[user.industry] : '未填写'}</View>
          </View>
          <View className="me-kv">
            <View className="me-k">平台</View>
            <View className="me-v">{user.platform || '未填写'}</View>
          </View>
          <View className="me-kv">
            <View className="me-k">城市</View>
            <View className="me-v">{regionName || '未填写'}</View>
          </View>
        </Card>
      )}

      <View className="me-menu">
        {isWorker ? (
          <>
            <View className="me-menu-item" id="me-history" hoverClass="me-menu-hover" onClick={() => go(ROUTES.history)} {...a11y('link')}>
              <View className="grow">我的参与</View>
              <View className="me-chevron">›</View>
            </View>
            <View className="me-menu-item" id="me-verify" hoverClass="me-menu-hover" onClick={() => go(ROUTES.verify)} {...a11y('link')}>
              <View className="grow">
                <View>身份核验</View>
                <View className="muted me-menu-sub">用核验码或手机号，参加只限已核验劳动者的意见征集</View>
              </View>
              <View className="me-chevron">›</View>
            </View>
          </>
        ) : (
          <View
            className="me-menu-item"
            id="me-workbench"
            hoverClass="me-menu-hover"
            onClick={() => go(WORKBENCH[user.role as keyof typeof WORKBENCH])}
            {...a11y('link')}
          >
            <View className="grow">工作台</View>
            <View className="me-chevron">›</View>
          </View>
        )}
      </View>

      <View className="me-menu">
        <View
          className="me-menu-item"
          id="me-staff"
          hoverClass="me-menu-hover"
          {...a11y('button')}
          aria-expanded={staffOpen ? 'true' : 'false'}
          onClick={() => setStaffOpen(!staffOpen)}
        >
          <View className="grow">
            <View>我是工作人员</View>
            <View className="muted me-menu-sub">工会、企业工作人员凭邀请码开通工作账号</View>
          </View>
          <View className={staffOpen ? 'me-link' : 'me-chevron'}>{staffOpen ? '收起' : '›'}</View>
        </View>
      </View>
      {staffOpen && (
        <Card className="me-staff">
          <TextField
            id="redeem-code"
            label="邀请码"
            value={code}
            onChange={(v) => {
              setCode(v)
              if (codeError && v.trim()) setCodeError('')
            }}
            placeholder="工会或企业给你的邀请码"
            maxlength={16}
            error={codeError}
            hint="邀请码由开通你账号的工会或企业给你，输入后即可使用工作台。"
          />
          <Button id="redeem-submit" type="secondary" size="medium" loading={redeeming} loadingText="正在开通…" onClick={submitCode}>
            开通
          </Button>
        </Card>
      )}

      {(isWorker || user.role === 'enterprise') && (
        <View className="me-menu">
          <View className="me-menu-item" id="me-export" hoverClass="me-menu-hover" onClick={() => void exportData()} {...a11y('button')}>
            <View className="grow">
              <View>导出我的数据</View>
              <View className="muted me-menu-sub">{isWorker ? '账号信息、每一次投票和评分' : '账号信息、你登记的联系手机'}</View>
            </View>
            <View className="me-chevron">›</View>
          </View>
          <View className="me-menu-item" id="me-delete" hoverClass="me-menu-hover" onClick={() => void removeAccount()} {...a11y('button')}>
            <View className="grow">
              <View>注销账号</View>
              <View className="muted me-menu-sub">{isWorker ? '清除你的信息，投票只留匿名总数' : '清除你的账号和你登记的联系手机'}</View>
            </View>
            <View className="me-chevron">›</View>
          </View>
        </View>
      )}

      <View className="me-logout">
        <Button id="logout" type="danger" size="medium" onClick={signOut}>
          退出登录
        </Button>
      </View>
    </View>
  )
}
