// 身份核验: a worker shows the union they are who they say, once, for the consultations that only the verified roll
// may answer — with the one-time code handed out at a 驿站 or 恳谈会 (typed or scanned), or with the phone number
// WeChat confirms, which the server compares with the rosters the union uploaded and never keeps.
import { useState } from 'react'
import { Button as NativeButton, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { INDUSTRY_LABELS, VERIFICATION_METHOD_LABELS, type RollVerification } from '@xst/shared-types'
import { IS_WEAPP } from '../../api/client'
import { ApiError } from '../../api/errors'
import { getInfo } from '../../api/identity'
import { getMyRoll, redeemRollCode, verifyPhone } from '../../api/roll'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { TextField } from '../../components/Field'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { formatDateTime } from '../../utils/time'
import { ROUTES, go } from '../../utils/nav'
import './index.css'
import { pageStyle } from '../../utils/comfort'

function Verification({ v, last }: { v: RollVerification; last: boolean }) {
  return (
    <View className={`vf-item ${last ? 'vf-item-last' : ''}`}>
      <View className="vf-scope">
        {INDUSTRY_LABELS[v.industry]} · {v.regionName}
        {v.platformName ? ` · ${v.platformName}` : ''}
      </View>
      <View className="muted vf-meta">
        {VERIFICATION_METHOD_LABELS[v.method]}核验 · {v.verifiedByOrganization ?? '工会'} · {formatDateTime(v.verifiedAt)}
      </View>
    </View>
  )
}

export default function VerifyPage() {
  const user = useSession()
  const worker = user?.role === 'worker'
  const roll = useLoad(getMyRoll, [user?.id], worker)
  // The H5 build has no phone-number button: the demo (dev sign-in) takes the code WeChat would give.
  const info = useLoad(getInfo, [], !IS_WEAPP)
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState('')
  const [phoneCode, setPhoneCode] = useState('')
  const [busy, setBusy] = useState<'code' | 'phone' | null>(null)

  if (!user || !worker) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          id="verify-signed-out"
          status="empty"
          title={user ? '工作人员不用核验' : '请先登录'}
          message={user ? '身份核验是给劳动者的。' : '登录后可以核验身份，参加只限已核验劳动者的意见征集。'}
          action={
            user ? undefined : (
              <Button id="verify-go-login" onClick={() => go(ROUTES.login)}>
                去登录
              </Button>
            )
          }
        />
      </View>
    )
  }

  const done = (n: number, how: string) => {
    toast.success(n > 1 ? `${how}核验成功，共 ${n} 项` : `${how}核验成功`)
    roll.reload()
  }

  const submitCode = async (raw = code) => {
    const c = raw.trim()
    if (!c) return setCodeError('请输入核验码')
    setCodeError('')
    setBusy('code')
    try {
      await redeemRollCode(c)
      setCode('')
      done(1, '核验码')
    } catch (e) {
      if (e instanceof ApiError && e.status < 500 && !e.isNetwork) setCodeError(e.fieldMessage('code') ?? e.message)
      else toast.error(e)
    } finally {
      setBusy(null)
    }
  }

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
      setCode(res.result)
      await submitCode(res.result)
    } catch (e) {
      if (!/cancel/i.test(String((e as { errMsg?: string })?.errMsg ?? ''))) toast.error('没能识别这个二维码，请输入核验码')
    }
  }

  const sendPhoneCode = async (c: string) => {
    setBusy('phone')
    try {
      const res = await verifyPhone(c)
      setPhoneCode('')
      done(res.verifications.length, '手机号')
    } catch (e) {
      toast.error(e)
    } finally {
      setBusy(null)
    }
  }

  const onPhoneNumber = (e: { detail: { code?: string; errMsg?: string } }) => {
    if (!e.detail.code) {
      if (!/deny|cancel/i.test(e.detail.errMsg ?? '')) toast.error('微信没有给出手机号，请稍后再试')
      return
    }
    sendPhoneCode(e.detail.code)
  }

  const list = roll.data?.verifications ?? []
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">身份核验</View>
      <View className="page-lead">有的意见征集只请已核验的劳动者参加。核验由工会确认你的行业和地区，改“我的信息”不会改变它。</View>

      <StaleBanner error={roll.data ? roll.error : null} onRetry={roll.reload} />
      <Card title="我的核验" id="verify-mine">
        {roll.loading && !roll.data ? (
          <StateView status="loading" />
        ) : roll.error && !roll.data ? (
          <ErrorState error={roll.error} onRetry={roll.reload} />
        ) : list.length ? (
          list.map((v, i) => <Verification key={v.id} v={v} last={i === list.length - 1} />)
        ) : (
          <View className="muted" id="verify-none">
            还没有核验。用下面任一种方法核验一次就行。
          </View>
        )}
      </Card>

      <Card title="用核验码" id="verify-by-code">
        <View className="muted vf-lead">工会在驿站、恳谈会上发的纸条，上面有 10 位核验码和二维码。每个码只能用一次。</View>
        <TextField
          id="verify-code"
          label="核验码"
          value={code}
          onChange={(v) => {
            setCode(v)
            setCodeError('')
          }}
          placeholder="例如 AB3CD-EF4GH"
          maxlength={20}
          error={codeError}
        />
        <Button id="verify-code-submit" loading={busy === 'code'} loadingText="正在核验…" onClick={() => submitCode()}>
          核验
        </Button>
        {IS_WEAPP && (
          <View className="vf-gap">
            <Button id="verify-scan" type="secondary" onClick={scan}>
              扫码核验
            </Button>
          </View>
        )}
      </Card>

      <Card title="用手机号" id="verify-by-phone">
        <View className="muted vf-lead">工会上传过你们的名单时，可以用微信绑定的手机号直接核验。手机号只用来比对名单，不会保存。</View>
        {IS_WEAPP ? (
          <NativeButton
            id="verify-phone"
            className="vf-phone-btn"
            openType="getPhoneNumber"
            disabled={busy === 'phone'}
            onGetPhoneNumber={onPhoneNumber}
          >
            {busy === 'phone' ? '正在核验…' : '用微信手机号核验'}
          </NativeButton>
        ) : info.data?.devLogin ? (
          <View>
            <TextField
              id="verify-phone-code"
              label="演示：微信给的手机号凭证"
              value={phoneCode}
              onChange={setPhoneCode}
              placeholder="浏览器里没有微信的手机号按钮"
              maxlength={64}
            />
            <Button
              id="verify-phone-submit"
              loading={busy === 'phone'}
              loadingText="正在核验…"
              disabled={!phoneCode.trim()}
              onClick={() => sendPhoneCode(phoneCode.trim())}
            >
              用这个凭证核验
            </Button>
          </View>
        ) : (
          <View className="muted">请在微信里打开协商通，用手机号核验。</View>
        )}
      </Card>
    </View>
  )
}
