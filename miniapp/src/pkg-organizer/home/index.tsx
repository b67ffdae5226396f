// 工作台 of union staff (and admins): start a consultation, follow the ones of their region.
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { CONSULTATION_STATUS_LABELS, ROLE_LABELS } from '@xst/shared-types'
import { listConsultations } from '../../api/consultations'
import { getInvitationCounts } from '../../api/invitations'
import { listModeration } from '../../api/moderation'
import { listPetitions } from '../../api/petitions'
import { getSessionCounts } from '../../api/sessions'
import { Button } from '../../components/Button'
import { CountedLabel } from '../../components/CountedLabel'
import { Card } from '../../components/Card'
import { ErrorState, StateView } from '../../components/StateView'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'
import { formatDateTime } from '../../utils/time'
import { unsyncedSessionCount } from '../../utils/drafts'
import './index.css'
import { pageStyle } from '../../utils/comfort'

/** Features of later issues: shown so staff know what is coming, not tappable yet. */
export default function OrganizerHome() {
  const user = useSession()
  const staff = !!user && (user.role === 'organizer' || user.role === 'admin')
  const list = useLoad(() => listConsultations(), [user?.id], staff)
  // The figures on the buttons; without them (offline) the buttons still work, so a failure shows nothing.
  const counts = useLoad(
    () =>
      Promise.all([getInvitationCounts({ direction: 'sent' }), getSessionCounts(), listPetitions()]).then(
        ([invitations, sessions, petitions]) => ({
          invitations,
          sessions,
          petitionsOwed: petitions.filter((p) => p.status === 'obliged').length,
          petitionsOverdue: petitions.filter((p) => p.status === 'overdue').length,
        }),
      ),
    [user?.id],
    staff,
  )
  const unsynced = unsyncedSessionCount()
  const held = useLoad(() => listModeration('held'), [user?.id], user?.role === 'organizer')

  usePullDownRefresh(async () => {
    await Promise.all([list.reload(), counts.reload(), held.reload()])
    Taro.stopPullDownRefresh()
  })

  if (!staff) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="需要工会工作人员账号"
          message="请用工会工作人员账号登录，或在“我的”里输入邀请码开通。"
          action={
            <Button id="wb-go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
      </View>
    )
  }

  const items = [...(list.data ?? [])].sort((a, b) =>
    a.status === b.status ? b.createdAt.localeCompare(a.createdAt) : a.status === 'open' ? -1 : b.status === 'open' ? 1 : 0,
  )
  return (
    <View className="page" style={pageStyle()}>
      <View className="wb-head">
        <View className="page-title">工作台</View>
        <View className="badge">{ROLE_LABELS[user.role]}</View>
      </View>
      <Button id="create-consultation" onClick={() => go(ROUTES.organizerCreate)}>
        发起意见征集
      </Button>
      <View style={{ marginTop: Taro.pxTransform(20) }}>
        <Button id="wb-invitations" type="secondary" onClick={() => go('/pkg-invitations/list/index')}>
          <CountedLabel
            label="要约应约"
            counts={[
              { n: counts.data?.invitations.awaitingReply, label: '待答复' },
              { n: counts.data?.invitations.overdue, label: '逾期', urgent: true },
            ]}
          />
        </Button>
      </View>
      <View style={{ marginTop: Taro.pxTransform(20) }}>
        <Button id="wb-petitions" type="secondary" onClick={() => go(ROUTES.petitions)}>
          <CountedLabel
            label="职工联署"
            counts={[
              { n: counts.data?.petitionsOwed, label: '待要约' },
              { n: counts.data?.petitionsOverdue, label: '逾期', urgent: true },
            ]}
          />
        </Button>
      </View>
      <View style={{ marginTop: Taro.pxTransform(20) }}>
        <Button id="wb-sessions" type="secondary" onClick={() => go('/pkg-sessions/sessions/index')}>
          <CountedLabel
            label="协商会议"
            counts={[
              { n: counts.data?.sessions.unpublished, label: '待公开' },
              { n: unsynced, label: '未同步', urgent: true },
            ]}
          />
        </Button>
      </View>
      {user.role === 'organizer' && (
        <View style={{ marginTop: Taro.pxTransform(20) }}>
          <Button id="wb-moderation" type="secondary" onClick={() => go('/pkg-organizer/moderation/index')}>
            <CountedLabel label="内容审核" counts={[{ n: held.data?.length, label: '待审核', urgent: true }]} />
          </Button>
        </View>
      )}
      <View style={{ marginTop: Taro.pxTransform(20) }}>
        <Button id="wb-congresses" type="secondary" onClick={() => go('/pkg-congress/list/index')}>
          职工代表大会
        </Button>
      </View>
      <View style={{ marginTop: Taro.pxTransform(20) }}>
        <Button id="wb-roll" type="secondary" onClick={() => go(ROUTES.organizerRoll)}>
          核验名册
        </Button>
      </View>
      <View style={{ marginTop: Taro.pxTransform(20) }}>
        <Button id="wb-contracts" type="secondary" onClick={() => go('/pkg-sessions/contracts/index')}>
          集体合同
        </Button>
      </View>
      <View style={{ marginTop: Taro.pxTransform(20) }}>
        <Button id="wb-orgs" type="secondary" onClick={() => go('/pkg-admin/orgs/index')}>
          企业名录
        </Button>
      </View>
      <View style={{ marginTop: Taro.pxTransform(20) }}>
        <Button id="wb-stats" type="secondary" onClick={() => go('/pkg-admin/stats/index')}>
          统计报表
        </Button>
      </View>

      <View className="section-title">意见征集</View>
      {list.loading && !list.data ? (
        <StateView status="loading" />
      ) : list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : items.length === 0 ? (
        <StateView status="empty" id="wb-empty" title="还没有意见征集" message="发起一次，听听劳动者最关心什么。" />
      ) : (
        items.map((c) => (
          <Card
            key={c.id}
            id={`wb-consultation-${c.id}`}
            className="wb-consultation"
            title={c.title}
            onClick={() => go(ROUTES.organizerResults(c.id))}
            extra={
              <View className={`badge ${c.status === 'open' ? 'badge-green' : c.status === 'upcoming' ? 'badge-blue' : 'badge-grey'}`}>
                {CONSULTATION_STATUS_LABELS[c.status]}
              </View>
            }
          >
            <View className="muted">
              {c.regionName} · {formatDateTime(c.opensAt)} – {formatDateTime(c.closesAt)}
            </View>
            <View className="wb-ballots">
              已收到 <View className="wb-ballots-n">{c.ballots ?? 0}</View> 份意见
            </View>
          </Card>
        ))
      )}
    </View>
  )
}
