// 管理工作台 for federation staff: statistics of their region, contracts and sessions below it, consultations.
import { View } from '@tarojs/components'
import { ROLE_LABELS } from '@xst/shared-types'
import { getSessionCounts } from '../../api/sessions'
import { Button } from '../../components/Button'
import { CountedLabel } from '../../components/CountedLabel'
import { StateView } from '../../components/StateView'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'
import { pageStyle } from '../../utils/comfort'

export default function AdminHome() {
  const user = useSession()
  const counts = useLoad(getSessionCounts, [user?.id], user?.role === 'admin')
  if (user?.role !== 'admin')
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要管理员账号" />
      </View>
    )
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">管理工作台</View>
      <View className="page-lead">{ROLE_LABELS.admin}：查看本地区及下属地区的统计报表、集体合同、协商会议和意见征集。</View>
      <View className="stack">
        <Button id="admin-stats" onClick={() => go('/pkg-admin/stats/index')}>
          统计报表
        </Button>
        <Button id="admin-orgs" type="secondary" onClick={() => go('/pkg-admin/orgs/index')}>
          企业名录
        </Button>
        <Button id="admin-contracts" type="secondary" onClick={() => go('/pkg-sessions/contracts/index')}>
          集体合同
        </Button>
        <Button id="admin-sessions" type="secondary" onClick={() => go('/pkg-sessions/sessions/index')}>
          <CountedLabel label="协商会议" counts={[{ n: counts.data?.unpublished, label: '待公开' }]} />
        </Button>
        <Button id="admin-consultations" type="secondary" onClick={() => go(ROUTES.organizerHome)}>
          意见征集
        </Button>
        <Button id="admin-create-consultation" type="secondary" onClick={() => go(ROUTES.organizerCreate)}>
          发起意见征集
        </Button>
      </View>
    </View>
  )
}
