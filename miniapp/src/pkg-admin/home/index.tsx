// 管理工作台 for federation staff: consultations now; regions, accounts and statistics as their issues land.
import { View } from '@tarojs/components'
import { ROLE_LABELS } from '@xst/shared-types'
import { Button } from '../../components/Button'
import { StateView } from '../../components/StateView'
import { useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'

export default function AdminHome() {
  const user = useSession()
  if (user?.role !== 'admin') return <View className='page'><StateView status='empty' title='需要管理员账号' /></View>
  return (
    <View className='page'>
      <View className='page-title'>管理工作台</View>
      <View className='page-lead'>{ROLE_LABELS.admin}：查看本地区及下属地区的意见征集。统计报表、账号管理即将开放。</View>
      <View className='stack'>
        <Button id='admin-consultations' onClick={() => go(ROUTES.organizerHome)}>意见征集</Button>
        <Button id='admin-create-consultation' type='secondary' onClick={() => go(ROUTES.organizerCreate)}>发起意见征集</Button>
      </View>
    </View>
  )
}
