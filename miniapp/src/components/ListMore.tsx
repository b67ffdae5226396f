// The foot of a paged list: 加载更多 (also on scrolling to the bottom), loading, the end with the count, or the
// error of the next page with 重试. What was shown stays above it.
import { View } from '@tarojs/components'
import { messageOf } from '../api/errors'
import type { Paged } from '../hooks/usePaged'
import './ListMore.css'
import { a11y } from '../utils/a11y'

export function ListMore({ list, id, unit = '条' }: { list: Paged<unknown>; id: string; unit?: string }) {
  if (!list.items?.length) return null
  if (list.loadingMore) {
    return (
      <View className="list-more muted" id={`${id}-loading`}>
        正在加载更多…
      </View>
    )
  }
  if (list.error && list.hasMore) {
    return (
      <View
        {...a11y('button')}
        className="list-more list-more-error"
        id={`${id}-more`}
        hoverClass="list-more-hover"
        onClick={() => void list.loadMore()}
      >
        没能加载更多：{messageOf(list.error)} 点这里重试
      </View>
    )
  }
  if (list.hasMore) {
    return (
      <View
        {...a11y('button')}
        className="list-more list-more-tap"
        id={`${id}-more`}
        hoverClass="list-more-hover"
        onClick={() => void list.loadMore()}
      >
        加载更多（已显示 {list.items.length} / {list.total} {unit}）
      </View>
    )
  }
  return (
    <View className="list-more muted" id={`${id}-end`}>
      已全部显示，共 {list.total} {unit}
    </View>
  )
}
