// Getting riders to a consultation: a card to send to their chat groups, a link (H5), and the A4 poster with the
// 小程序码 for station walls.
import { useState } from 'react'
import { Button as NativeButton, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Consultation } from '@xst/shared-types'
import { downloadPoster } from '../../api/consultations'
import { ApiError } from '../../api/errors'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { toast } from '../../components/toast'
import { a11y } from '../../utils/a11y'
import { ROUTES } from '../../utils/nav'
import './SpreadSection.css'

export function SpreadSection({ consultation: c }: { consultation: Consultation }) {
  const [busy, setBusy] = useState(false)
  const poster = async () => {
    setBusy(true)
    try {
      const safe = c.title.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || '意见征集'
      await downloadPoster(c.id, `${safe}_海报.pdf`)
      if (process.env.TARO_ENV === 'h5') toast.success('已下载')
    } catch (e) {
      toast.error(e instanceof ApiError ? e : '没能打开海报，请稍后重试')
    } finally {
      setBusy(false)
    }
  }
  const copyLink = () => {
    if (process.env.TARO_ENV !== 'h5') return
    const link = `${window.location.origin}${window.location.pathname}#${ROUTES.vote(c.id)}`
    Taro.setClipboardData({ data: link })
      .then(() => toast.success('链接已复制'))
      .catch(() => toast.info('没能复制，请长按地址栏复制'))
  }
  return (
    <>
      <View className="section-title">让劳动者来参与</View>
      <Card id="spread">
        <View className="spread-lead">发到骑手群，或把海报贴在站点，微信扫码就能投票。</View>
        <View className="spread-actions">
          {process.env.TARO_ENV === 'weapp' ? (
            <NativeButton id="spread-share" className="spread-share" openType="share" {...a11y('button', '发给微信好友或群聊')}>
              发到微信群
            </NativeButton>
          ) : (
            <Button id="spread-copy" onClick={copyLink}>
              复制投票链接
            </Button>
          )}
          <Button id="spread-poster" type="secondary" loading={busy} loadingText="正在生成海报…" onClick={() => void poster()}>
            下载海报（A4，带小程序码）
          </Button>
        </View>
      </Card>
    </>
  )
}
