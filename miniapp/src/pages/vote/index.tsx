import { View } from '@tarojs/components'
import { StateView } from '../../components/StateView'

export default function Placeholder() {
  return (
    <View className='page'>
      <StateView status='empty' title='即将开放' />
    </View>
  )
}
