// Horizontal bars of a consultation's results: readable at 375 px, numbers next to each bar.
import { View } from '@tarojs/components'
import type { PublishedResults, TopicResult } from '@xst/shared-types'
import './ResultBars.css'

export interface ResultBarsProps {
  results: PublishedResults
  /** Topic ids to mark as the caller's own choices; in ranking mode in the caller's order, most important first. */
  mine?: string[]
}

export function sortedTopics(results: PublishedResults): TopicResult[] {
  if (results.mode === 'ranking' && results.order) {
    const byId = new Map(results.topics.map((t) => [t.topicId, t]))
    return results.order.map((id) => byId.get(id)!).filter(Boolean)
  }
  return [...results.topics].sort((a, b) => b.votes - a.votes)
}

export function ResultBars({ results, mine = [] }: ResultBarsProps) {
  const ranking = results.mode === 'ranking'
  const topics = sortedTopics(results)
  const maxPoints = Math.max(1, ...topics.map((t) => t.points ?? 0))
  return (
    <View className="xbars" id="result-bars">
      {topics.map((t, i) => {
        const width = ranking ? ((t.points ?? 0) / maxPoints) * 100 : t.share * 100
        const pct = Math.round(t.share * 100)
        return (
          <View key={t.topicId} className="xbar result-row">
            <View className="xbar-head">
              <View className="xbar-rank">{i + 1}</View>
              <View className="xbar-title">{t.title}</View>
              {mine.includes(t.topicId) && (
                <View className="badge badge-blue xbar-mine">{ranking ? `我排第 ${mine.indexOf(t.topicId) + 1}` : '我选了'}</View>
              )}
            </View>
            <View className="xbar-track">
              <View
                className={`xbar-fill ${i === 0 && t.votes > 0 ? 'xbar-fill-top' : ''}`}
                style={{ width: `${Math.max(width, t.votes > 0 ? 2 : 0)}%` }}
              />
            </View>
            <View className="xbar-figures">{ranking ? `${t.points ?? 0} 分 · ${t.votes} 人排入` : `${t.votes} 票 · ${pct}%`}</View>
          </View>
        )
      })}
    </View>
  )
}
