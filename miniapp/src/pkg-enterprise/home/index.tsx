// 企业工作台: invitations addressed to the enterprise arrive here with the invitation issue.
import { View } from '@tarojs/components'
import { StateView } from '../../components/StateView'
import { useSession } from '../../hooks/useSession'

export default function EnterpriseHome() {
  const user = useSession()
  if (user?.role !== 'enterprise') return <View className='page'><StateView status='empty' title='需要企业代表账号' /></View>
  return (
    <View className='page'>
      <View className='page-title'>企业工作台</View>
      <StateView status='empty' id='enterprise-empty' title='还没有收到要约' message='工会发来的协商要约会显示在这里，请在 20 天内书面回复。' />
    </View>
  )
}
