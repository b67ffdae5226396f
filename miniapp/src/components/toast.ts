// Short feedback that does not block the screen; errors show the server's Chinese sentence as it is.
import Taro from '@tarojs/taro'
import { messageOf } from '../api/errors'

export const toast = {
  success(title: string) {
    Taro.showToast({ title, icon: 'success', duration: 1800 })
  },
  info(title: string) {
    Taro.showToast({ title, icon: 'none', duration: 2500 })
  },
  error(e: unknown) {
    Taro.showToast({ title: typeof e === 'string' ? e : messageOf(e), icon: 'none', duration: 3000 })
  },
}
