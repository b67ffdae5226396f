// 企业工作台: invitations addressed to the enterprise first (each waiting one with its reply button), then those it sent;
// and the enterprise's 联系手机, where the union's invitations are announced by SMS.
import { useState } from 'react'
import { Input, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { normalizeMobile, type Invitation, type Organization } from '@xst/shared-types'
import { getOrganization, listInvitations } from '../../api/invitations'
import { ApiError } from '../../api/errors'
import { updateOrganization } from '../../api/organizations'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Field } from '../../components/Field'
import { toast } from '../../components/toast'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'
import { INV_ROUTES, InvitationItem, awaitingReply } from '../../pkg-invitations/ui'
import './index.css'
import { pageStyle } from '../../utils/comfort'
import { a11y } from '../../utils/a11y'

/** Answered or closed ones shown on the workbench; the rest are one tap away in the full list. */
const RECENT = 3

export default function EnterpriseHome() {
  const user = useSession()
  const enterprise = user?.role === 'enterprise'
  const org = useLoad(() => getOrganization(user!.organizationId!), [user?.organizationId], enterprise && !!user?.organizationId)
  const received = useLoad(() => listInvitations({ direction: 'received' }), [user?.id], enterprise)
  const sent = useLoad(() => listInvitations({ direction: 'sent' }), [user?.id], enterprise)

  usePullDownRefresh(async () => {
    await Promise.all([received.reload(), sent.reload()])
    Taro.stopPullDownRefresh()
  })

  if (!enterprise) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="需要企业代表账号"
          message="请用企业代表账号登录，或在“我的”里输入邀请码开通。"
          action={
            <Button id="ent-go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
      </View>
    )
  }

  const inbox = received.data?.items ?? []
  const waiting = inbox.filter(awaitingReply).sort((a, b) => (a.replyDueAt ?? '9999').localeCompare(b.replyDueAt ?? '9999'))
  const answered = inbox.filter((i) => !awaitingReply(i)).slice(0, RECENT)
  const mine = (sent.data?.items ?? []).slice(0, RECENT)
  const open = (inv: Invitation) => go(INV_ROUTES.detail(inv.id))

  return (
    <View className="page ent-home" style={pageStyle()}>
      <View className="page-title">企业工作台</View>
      {org.data && <View className="page-lead">{org.data.name}</View>}

      <View className="section-title row-between">
        <View>收到的要约{waiting.length > 0 ? `（${waiting.length} 份待答复）` : ''}</View>
        {inbox.length > 0 && (
          <View {...a11y('button')} className="ent-more" id="ent-received-all" onClick={() => go(INV_ROUTES.list('received'))}>
            全部 ›
          </View>
        )}
      </View>
      {received.loading && !received.data ? (
        <StateView status="loading" />
      ) : received.error && !received.data ? (
        <ErrorState error={received.error} onRetry={received.reload} />
      ) : (
        <View id="ent-inbox">
          <StaleBanner error={received.error} onRetry={received.reload} />
          {inbox.length === 0 ? (
            <StateView
              status="empty"
              id="enterprise-empty"
              title="还没有收到要约"
              message="工会发来的协商要约会显示在这里。收到后请在期限内书面答复。"
            />
          ) : (
            <>
              {waiting.length === 0 && <View className="muted ent-all-done">收到的要约都已答复。</View>}
              {waiting.map((inv) => (
                <InvitationItem
                  key={inv.id}
                  inv={inv}
                  direction="received"
                  onClick={() => open(inv)}
                  action={{ label: '去答复', id: `inv-reply-${inv.id}` }}
                />
              ))}
              {answered.map((inv) => (
                <InvitationItem key={inv.id} inv={inv} direction="received" onClick={() => open(inv)} />
              ))}
            </>
          )}
        </View>
      )}

      <View className="section-title row-between">
        <View>我方发出的要约</View>
        {(sent.data?.items.length ?? 0) > 0 && (
          <View {...a11y('button')} className="ent-more" id="ent-sent-all" onClick={() => go(INV_ROUTES.list('sent'))}>
            全部 ›
          </View>
        )}
      </View>
      <Button id="inv-compose" className="inv-compose" type="secondary" onClick={() => go(INV_ROUTES.compose)}>
        向工会发出要约
      </Button>
      <View className="ent-gap" />
      {sent.loading && !sent.data ? (
        <StateView status="loading" />
      ) : sent.error && !sent.data ? (
        <ErrorState error={sent.error} onRetry={sent.reload} />
      ) : mine.length === 0 ? (
        <View className="muted ent-none" id="ent-sent-empty">
          还没有发出要约。企业也可以主动向工会提出协商。
        </View>
      ) : (
        mine.map((inv) => <InvitationItem key={inv.id} inv={inv} direction="sent" onClick={() => open(inv)} />)
      )}

      {org.data && <ContactPhoneCard org={org.data} onSaved={() => void org.reload()} />}
    </View>
  )
}

/** The enterprise's own 联系手机: set, changed or cleared by its representative (it is then theirs: see 我的 → 导出我的数据). */
function ContactPhoneCard({ org, onSaved }: { org: Organization; onSaved: () => void }) {
  const [editing, setEditing] = useState(false)
  const [value, setValue] = useState('')
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)
  const save = async (phone: string | null) => {
    if (phone && !normalizeMobile(phone)) {
      setError('联系手机应为 11 位大陆手机号，如 13812345678')
      return
    }
    setSaving(true)
    try {
      await updateOrganization(org.id, { contactPhone: phone })
      toast.success(phone ? '已保存' : '已清除')
      setEditing(false)
      onSaved()
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setError(e.fields[0].message)
      toast.error(e)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Card title="本单位联系手机" className="ent-phone" id="ent-phone">
      <View className="muted">工会发出要约时，会给这个号码发短信提醒。</View>
      {!editing ? (
        <View className="ent-phone-row">
          <View className="grow" id="ent-phone-value">
            {org.contactPhone ?? '还没有登记'}
          </View>
          <View
            className="ent-more"
            id="ent-phone-edit"
            onClick={() => {
              setValue(org.contactPhoneMasked ? '' : (org.contactPhone ?? ''))
              setError('')
              setEditing(true)
            }}
          >
            {org.contactPhone ? '修改' : '登记'}
          </View>
        </View>
      ) : (
        <>
          <Field label="联系手机" error={error}>
            <Input
              id="ent-phone-input"
              type="number"
              className={`xfield-input ${error ? 'xfield-invalid' : ''}`}
              value={value}
              maxlength={11}
              placeholder="例如：13812345678"
              onInput={(e) => {
                setValue(e.detail.value)
                if (error && normalizeMobile(e.detail.value)) setError('')
              }}
            />
          </Field>
          <Button id="ent-phone-save" loading={saving} loadingText="正在保存…" onClick={() => void save(value.trim() || null)}>
            保存
          </Button>
          {org.contactPhone && (
            <View {...a11y('button')} className="ent-more" id="ent-phone-clear" onClick={() => void save(null)}>
              清除联系手机
            </View>
          )}
        </>
      )}
    </Card>
  )
}
