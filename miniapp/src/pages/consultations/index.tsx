// 议题 tab: the open consultations of the worker's industry and city, each with a countdown to its close.
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { Consultation } from '@xst/shared-types'
import { CONSULTATION_MODE_LABELS } from '@xst/shared-types'
import { listConsultations } from '../../api/consultations'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { useLoad } from '../../hooks/useLoad'
import { useNow } from '../../hooks/useNow'
import { needsProfile, useSession } from '../../hooks/useSession'
import { ROUTES, WORKBENCH, go } from '../../utils/nav'
import { formatDateTime, remaining } from '../../utils/time'
import './index.css'
import { pageStyle } from '../../utils/comfort'
import { a11y } from '../../utils/a11y'

function ConsultationCard({ c, now }: { c: Consultation; now: number }) {
  const left = remaining(c.closesAt, now)
  const voted = !!c.myBallot
  return (
    <Card
      id={`consultation-${c.id}`}
      className="consultation-card"
      title={c.title}
      onClick={() => go(ROUTES.vote(c.id))}
      extra={voted ? <View className="badge badge-green">已参与</View> : <View className="badge">待参与</View>}
    >
      {c.description && <View className="cc-desc">{c.description}</View>}
      <View className="cc-meta">
        <View className="countdown">{left ? `还剩 ${left}` : '即将结束'}</View>
        <View className="muted">
          {formatDateTime(c.closesAt)} 截止 · {CONSULTATION_MODE_LABELS[c.mode]} · {c.topics.length} 个议题
        </View>
      </View>
      <View className="cc-actions">
        <Button className="consultation-vote" size="medium" type={voted ? 'secondary' : 'primary'} onClick={() => go(ROUTES.vote(c.id))}>
          {voted ? '改一改我的选择' : '去投票'}
        </Button>
      </View>
    </Card>
  )
}

export default function ConsultationsPage() {
  const user = useSession()
  const now = useNow()
  const ready = !!user && user.role === 'worker' && !needsProfile(user)
  const list = useLoad(() => listConsultations({ status: 'open' }), [user?.id, user?.regionCode, user?.industry], ready)

  usePullDownRefresh(async () => {
    await list.reload()
    Taro.stopPullDownRefresh()
  })

  if (!user) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="登录后参与议题"
          message="说出你最关心的问题，工会带着大家的意见去和平台谈。"
          action={
            <Button id="go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
      </View>
    )
  }
  if (user.role !== 'worker') {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="工作人员请到工作台"
          message="发起意见征集、查看结果都在工作台。"
          action={
            <Button id="open-workbench" onClick={() => go(WORKBENCH[user.role as keyof typeof WORKBENCH])}>
              进入工作台
            </Button>
          }
        />
      </View>
    )
  }
  if (needsProfile(user)) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="先选你的行业和城市"
          message="选好后，这里会显示和你有关的议题。"
          action={
            <Button id="setup-profile" onClick={() => go(ROUTES.profile)}>
              去选择
            </Button>
          }
        />
      </View>
    )
  }

  const items = list.data ?? []
  return (
    <View className="page" style={pageStyle()}>
      {list.loading && !list.data ? (
        <StateView status="loading" />
      ) : list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : items.length === 0 ? (
        <StateView status="empty" id="consultations-empty" title="现在没有进行中的议题" message="工会发起意见征集后，会显示在这里。" />
      ) : (
        <View>
          <StaleBanner error={list.error} onRetry={list.reload} />
          <View className="page-lead">工会想听听你的意见。选出你最关心的问题，花不了一分钟。</View>
          {items.map((c) => (
            <ConsultationCard key={c.id} c={c} now={now} />
          ))}
        </View>
      )}
      <View className="cc-history" id="open-history" hoverClass="cc-history-hover" onClick={() => go(ROUTES.history)} {...a11y('link')}>
        查看我参与过的议题 ›
      </View>
    </View>
  )
}
