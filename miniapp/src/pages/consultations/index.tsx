// 议题 tab: the open consultations of the worker's industry and city. (List arrives with the consultations API.)
import { View } from '@tarojs/components'
import { Button } from '../../components/Button'
import { StateView } from '../../components/StateView'
import { needsProfile, useSession } from '../../hooks/useSession'
import { ROUTES, WORKBENCH, go } from '../../utils/nav'

export default function ConsultationsPage() {
  const user = useSession()
  if (!user) {
    return (
      <View className='page'>
        <StateView status='empty' title='登录后参与议题' message='说出你最关心的问题，工会带着大家的意见去和平台谈。'
          action={<Button id='go-login' onClick={() => go(ROUTES.login)}>去登录</Button>} />
      </View>
    )
  }
  if (user.role !== 'worker') {
    return (
      <View className='page'>
        <StateView status='empty' title='工作人员请到工作台' message='发起意见征集、查看结果都在工作台。'
          action={<Button id='open-workbench' onClick={() => go(WORKBENCH[user.role as keyof typeof WORKBENCH])}>进入工作台</Button>} />
      </View>
    )
  }
  if (needsProfile(user)) {
    return (
      <View className='page'>
        <StateView status='empty' title='先选你的行业和城市' message='选好后，这里会显示和你有关的议题。'
          action={<Button id='setup-profile' onClick={() => go(ROUTES.profile)}>去选择</Button>} />
      </View>
    )
  }
  return (
    <View className='page'>
      <StateView status='empty' id='consultations-empty' title='现在没有进行中的议题' message='工会发起意见征集后，会显示在这里。' />
    </View>
  )
}
