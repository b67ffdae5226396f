// 协商 tab: how the negotiation of the worker's industry goes. Filled by the invitation/session issues.
import { View } from '@tarojs/components'
import { StateView } from '../../components/StateView'
import { Card } from '../../components/Card'
import './index.css'

const STEPS = ['工会征集大家的意见', '工会向平台企业发出要约', '双方坐下来协商', '签订集体合同，公布给大家']

export default function NegotiationPage() {
  return (
    <View className='page'>
      <StateView
        id='negotiation-empty'
        status='empty'
        title='还没有协商进展'
        message='你所在行业的协商进展会显示在这里'
      />
      <Card title='集体协商怎么进行'>
        {STEPS.map((s, i) => (
          <View key={s} className='nego-step'>
            <View className='nego-step-num'>{i + 1}</View>
            <View className='grow'>{s}</View>
          </View>
        ))}
      </Card>
    </View>
  )
}
