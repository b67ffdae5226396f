// 要约应约: the invitations a union (or an enterprise) sent and received, with the answer clock on each.
import { useEffect, useState } from 'react'
import { ScrollView, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import type { Invitation, ListInvitationsQuery } from '@xst/shared-types'
import { listInvitations } from '../../api/invitations'
import { askSubscribe, loadSubscriptions } from '../../api/subscriptions'
import { Button } from '../../components/Button'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { ListMore } from '../../components/ListMore'
import { usePaged } from '../../hooks/usePaged'
import { useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'
import { INV_ROUTES, InvitationItem, awaitingReply, isReceiver } from '../ui'
import './index.css'
import { pageStyle } from '../../utils/comfort'

type Tab = 'sent' | 'received'
type Filter = 'all' | 'sent' | 'due_soon' | 'overdue' | 'accepted' | 'declined' | 'escalated' | 'draft' | 'withdrawn'

const FILTERS: { value: Filter; label: string; query: ListInvitationsQuery; sentOnly?: boolean }[] = [
  { value: 'all', label: '全部', query: {} },
  { value: 'sent', label: '待答复', query: { status: 'sent' } },
  { value: 'due_soon', label: '5 天内到期', query: { dueWithinDays: 5 } },
  { value: 'overdue', label: '逾期', query: { status: 'overdue' } },
  { value: 'accepted', label: '已应约', query: { status: 'accepted' } },
  { value: 'declined', label: '已拒绝', query: { status: 'declined' } },
  { value: 'escalated', label: '督促中', query: { status: 'escalated' } },
  { value: 'draft', label: '草稿', query: { status: 'draft' }, sentOnly: true },
  { value: 'withdrawn', label: '已撤回', query: { status: 'withdrawn' } },
]

/** Those still waiting for an answer first, the nearest due date first; then the rest, newest first (server order). */
function ordered(items: Invitation[]): Invitation[] {
  const waiting = items.filter(awaitingReply).sort((a, b) => (a.replyDueAt ?? '9999').localeCompare(b.replyDueAt ?? '9999'))
  return [...waiting, ...items.filter((i) => !awaitingReply(i))]
}

export default function InvitationList() {
  const user = useSession()
  const userId = user?.id
  useEffect(() => {
    if (userId) void loadSubscriptions()
  }, [userId])
  const params = useRouter().params
  const staff = !!user && (user.role === 'organizer' || user.role === 'admin' || user.role === 'enterprise')
  const enterprise = user?.role === 'enterprise'
  const [tab, setTab] = useState<Tab>(params.tab === 'received' || params.tab === 'sent' ? params.tab : enterprise ? 'received' : 'sent')
  const [filter, setFilter] = useState<Filter>('all')
  const list = usePaged(
    (cursor, limit) => listInvitations({ direction: tab, ...FILTERS.find((x) => x.value === filter)!.query, cursor, limit }),
    [tab, filter, user?.id],
    staff,
  )

  usePullDownRefresh(async () => {
    await list.reload()
    Taro.stopPullDownRefresh()
  })

  if (!staff) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="需要工作账号"
          message="要约应约只对工会工作人员和企业代表开放。请先登录工作账号。"
          action={
            <Button id="inv-go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
      </View>
    )
  }

  const canCompose = user.role === 'organizer' || user.role === 'enterprise'
  const fresh = list.items
  const items = fresh ? ordered(fresh) : []
  const filters = FILTERS.filter((f) => tab === 'sent' || !f.sentOnly)
  const emptyMessage =
    filter !== 'all'
      ? '没有这种状态的要约。换个筛选看看。'
      : tab === 'sent'
        ? canCompose
          ? enterprise
            ? '还没有发出要约。需要时，可以主动向工会提出协商。'
            : '还没有发出要约。点上面的“发出要约”，向企业或行业协会提出协商。'
          : '本地区还没有工会发出的要约。'
        : enterprise
          ? '还没有收到要约。工会发来的要约会显示在这里，请在期限内书面答复。'
          : '还没有企业发来的要约。企业主动提出协商时，会显示在这里。'

  return (
    <View className="page inv-list-page" style={pageStyle()}>
      <View className="page-lead">
        {enterprise
          ? '工会发来的要约，请在期限内书面答复；也可以主动向工会提出协商。'
          : '向企业发出协商要约，跟踪答复期限；逾期不答复可启动督促程序。'}
      </View>
      {canCompose && (
        <Button id="inv-compose" className="inv-compose" onClick={() => go(INV_ROUTES.compose)}>
          发出要约
        </Button>
      )}

      <View className="inv-tabs" id="inv-tabs">
        {(['sent', 'received'] as const).map((t) => (
          <View
            key={t}
            id={`inv-tab-${t}`}
            className={`inv-tab ${tab === t ? 'inv-tab-on' : ''}`}
            hoverClass="inv-tab-hover"
            onClick={() => {
              setTab(t)
              if (t === 'received' && filter === 'draft') setFilter('all')
            }}
          >
            {t === 'sent' ? '发出的' : '收到的'}
          </View>
        ))}
      </View>
      <ScrollView className="inv-filters" scrollX enableFlex>
        <View className="inv-filter-track">
          {filters.map((f) => (
            <View
              key={f.value}
              id={`inv-filter-${f.value}`}
              className={`inv-filter ${filter === f.value ? 'inv-filter-on' : ''}`}
              hoverClass="inv-tab-hover"
              onClick={() => setFilter(f.value)}
            >
              {f.label}
            </View>
          ))}
        </View>
      </ScrollView>

      {!fresh && list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !fresh ? (
        <StateView status="loading" />
      ) : (
        <View>
          <StaleBanner error={list.error} onRetry={list.reload} />
          {items.length === 0 ? (
            <StateView status="empty" id="inv-empty" title={filter === 'all' ? '还没有要约' : '没有找到'} message={emptyMessage} />
          ) : (
            <View id="inv-items">
              <View className="muted inv-count">共 {list.total} 份</View>
              {items.map((inv) => (
                <InvitationItem
                  key={inv.id}
                  inv={inv}
                  direction={tab}
                  onClick={() => {
                    // 截止前提醒我: an enterprise opening an invitation it has to answer is asked inside this tap.
                    if (user?.role === 'enterprise' && isReceiver(user, inv) && awaitingReply(inv)) void askSubscribe('invitation_deadline')
                    go(INV_ROUTES.detail(inv.id))
                  }}
                  action={isReceiver(user, inv) && awaitingReply(inv) ? { label: '去答复', id: `inv-reply-${inv.id}` } : undefined}
                />
              ))}
              <ListMore list={list} id="inv" unit="份" />
            </View>
          )}
        </View>
      )}
    </View>
  )
}
