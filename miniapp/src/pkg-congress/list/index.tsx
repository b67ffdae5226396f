// The region's workers' congresses, newest first, each with its attendance (and the result once closed).
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { CONGRESS_STATUS_LABELS } from '@xst/shared-types'
import { listCongresses } from '../../api/congress'
import { Card } from '../../components/Card'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { formatDateTime } from '../../utils/time'
import { CONGRESS_ROUTES } from '../routes'
import '../styles.css'
import { pageStyle } from '../../utils/comfort'

export default function CongressListPage() {
  const user = useSession()
  const staff = !!user && (user.role === 'organizer' || user.role === 'admin')
  const list = useLoad(listCongresses, [user?.id], staff)
  usePullDownRefresh(async () => {
    await list.reload()
    Taro.stopPullDownRefresh()
  })
  if (!staff)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工会工作人员账号" />
      </View>
    )
  return (
    <View className="page" style={pageStyle()}>
      {list.data && <StaleBanner error={list.error} onRetry={list.reload} />}
      <View className="page-title">职工代表大会</View>
      <View className="page-lead">协商形成的草案在这里表决。起草草案请到“协商会议”里，在达成一致的会议上点“起草合同草案”。</View>
      {list.loading && !list.data ? (
        <StateView status="loading" />
      ) : list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data?.length ? (
        <StateView status="empty" id="cgl-empty" title="还没有召开过职代会" message="草案公开征求意见后，就可以提交职代会表决。" />
      ) : (
        list.data.map((c) => (
          <Card
            key={c.id}
            id={`cgl-${c.id}`}
            title={c.title}
            onClick={() => Taro.navigateTo({ url: CONGRESS_ROUTES.congress(c.id) })}
            extra={
              <View className={`badge ${c.status === 'open' ? 'badge-green' : 'badge-grey'}`}>{CONGRESS_STATUS_LABELS[c.status]}</View>
            }
          >
            <View className="muted">
              {formatDateTime(c.opensAt)} – {formatDateTime(c.closesAt)}
            </View>
            <View className="muted">
              {c.result
                ? `${c.result.adopted ? '通过' : '未通过'}：实到 ${c.result.attendance}/${c.result.electorate}，赞成 ${c.result.approve}`
                : `已到会 ${c.attendance.attendance}/${c.attendance.electorate}`}
            </View>
          </Card>
        ))
      )}
    </View>
  )
}
