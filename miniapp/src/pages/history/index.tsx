// 我的参与: every consultation the worker voted in, wherever they live now.
import { View } from '@tarojs/components'
import { CONSULTATION_STATUS_LABELS } from '@xst/shared-types'
import { listConsultations } from '../../api/consultations'
import { Card } from '../../components/Card'
import { ErrorState, StateView } from '../../components/StateView'
import { useLoad } from '../../hooks/useLoad'
import { ROUTES, go } from '../../utils/nav'
import { formatDateTime } from '../../utils/time'
import { pageStyle } from '../../utils/comfort'

export default function HistoryPage() {
  const list = useLoad(() => listConsultations({ voted: 'true' }), [])
  if (list.loading && !list.data)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="loading" />
      </View>
    )
  if (list.error && !list.data)
    return (
      <View className="page" style={pageStyle()}>
        <ErrorState error={list.error} onRetry={list.reload} />
      </View>
    )
  const items = list.data ?? []
  if (items.length === 0) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" id="history-empty" title="你还没有参与过" message="在“议题”里给你关心的问题投一票吧。" />
      </View>
    )
  }
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-lead">你参与过 {items.length} 次意见征集，谢谢你。</View>
      {items.map((c) => (
        <Card
          key={c.id}
          id={`history-${c.id}`}
          className="history-item"
          title={c.title}
          extra={
            <View className={`badge ${c.status === 'open' ? 'badge-green' : 'badge-grey'}`}>{CONSULTATION_STATUS_LABELS[c.status]}</View>
          }
          onClick={() => go(c.status === 'open' && !c.canSeeResults ? ROUTES.vote(c.id) : ROUTES.result(c.id))}
        >
          <View className="muted">
            {c.myBallot ? `${formatDateTime(c.myBallot.submittedAt)} 提交` : ''} · {formatDateTime(c.closesAt)} 截止
          </View>
          <View className="muted" style={{ marginTop: '4px', color: '#1a4d8f' }}>
            {c.canSeeResults ? '看结果 ›' : '结果结束后公布 ›'}
          </View>
        </Card>
      ))}
    </View>
  )
}
