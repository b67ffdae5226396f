// 内容审核: texts WeChat asked to review, or could not check, wait here. Nobody else reads them until you approve.
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { MODERATION_REASON_LABELS, type ModerationDecision, type ModerationItem } from '@xst/shared-types'
import { useState } from 'react'
import { decideModeration, listModeration } from '../../api/moderation'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'
import { formatDateTime } from '../../utils/time'
import './index.css'
import { pageStyle } from '../../utils/comfort'

export default function Moderation() {
  const user = useSession()
  const organizer = user?.role === 'organizer'
  const list = useLoad(() => listModeration('held'), [user?.id], organizer)
  const [busy, setBusy] = useState<string | null>(null)

  usePullDownRefresh(async () => {
    await list.reload()
    Taro.stopPullDownRefresh()
  })

  if (!organizer) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="需要工会工作人员账号"
          message="内容审核由本地区的工会工作人员处理。"
          action={
            <Button id="mod-go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
      </View>
    )
  }

  const decide = async (item: ModerationItem, decision: ModerationDecision) => {
    const { confirm } = await Taro.showModal({
      title: decision === 'approve' ? '通过' : '不予显示',
      content: decision === 'approve' ? '通过后，大家都能看到这段文字。' : '不予显示后，这段文字不会给任何人看到。',
      confirmText: decision === 'approve' ? '通过' : '不予显示',
      cancelText: '再看看',
    })
    if (!confirm) return
    setBusy(item.id)
    try {
      await decideModeration(item.id, decision)
      toast.success(decision === 'approve' ? '已通过' : '已设为不显示')
      await list.reload()
    } catch (e) {
      toast.error(e)
      void list.reload()
    } finally {
      setBusy(null)
    }
  }

  const items = list.data ?? []
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">内容审核</View>
      <View className="muted mod-intro">这些文字在你审核前，别人都看不到。</View>
      {list.loading && !list.data ? (
        <StateView status="loading" />
      ) : list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : items.length === 0 ? (
        <StateView status="empty" id="mod-empty" title="没有待审核的内容" message="有需要审核的文字时，会出现在这里。" />
      ) : (
        <View id="mod-items">
          {items.map((item) => (
            <Card key={item.id} id={`mod-item-${item.id}`} title={item.label} className="mod-item">
              <View className="mod-text">{item.text}</View>
              <View className="muted mod-meta">
                {MODERATION_REASON_LABELS[item.reason]} · {formatDateTime(item.createdAt)}
              </View>
              <View className="mod-actions">
                <Button
                  id={`mod-approve-${item.id}`}
                  size="medium"
                  block={false}
                  loading={busy === item.id}
                  disabled={!!busy}
                  onClick={() => decide(item, 'approve')}
                >
                  通过
                </Button>
                <Button
                  id={`mod-hide-${item.id}`}
                  size="medium"
                  type="danger"
                  block={false}
                  disabled={!!busy}
                  onClick={() => decide(item, 'hide')}
                >
                  不予显示
                </Button>
              </View>
            </Card>
          ))}
        </View>
      )}
    </View>
  )
}
