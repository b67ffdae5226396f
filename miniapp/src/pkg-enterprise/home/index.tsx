// 企业工作台: invitations addressed to the enterprise first (each waiting one with its reply button), then those it sent.
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { Invitation } from '@xst/shared-types'
import { getOrganization, listInvitations } from '../../api/invitations'
import { Button } from '../../components/Button'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'
import { INV_ROUTES, InvitationItem, awaitingReply } from '../../pkg-invitations/ui'
import './index.css'
import { pageStyle } from '../../utils/comfort'

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
          <View className="ent-more" id="ent-received-all" onClick={() => go(INV_ROUTES.list('received'))}>
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
          <View className="ent-more" id="ent-sent-all" onClick={() => go(INV_ROUTES.list('sent'))}>
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
    </View>
  )
}
