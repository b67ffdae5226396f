// The workers' suggestions as groups: how many wrote each, the words they share and the most written texts; a
// search; more on scrolling down. Organizers also pick groups to join and turn a group into a topic of the next
// consultation. Only published suggestions come from the server, and nothing here says when one arrived.
import { useRef, useState } from 'react'
import { Input, View } from '@tarojs/components'
import { CONSULTATION_LIMITS, type SuggestionsSummary } from '@xst/shared-types'
import { listSuggestionGroups, mergeSuggestionGroups } from '../api/suggestions'
import { usePaged } from '../hooks/usePaged'
import { Button } from './Button'
import { ListMore } from './ListMore'
import { ErrorState, StaleBanner, StateView } from './StateView'
import { toast } from './toast'
import './SuggestionGroups.css'
import { a11y } from '../utils/a11y'

export interface SuggestionGroupsProps {
  consultationId: string
  /** Organizers: join groups and make a topic of one (`onMakeTopic` gets the group's leading text). */
  organizer?: { onMakeTopic: (title: string) => void }
}

export function SuggestionGroups({ consultationId, organizer }: SuggestionGroupsProps) {
  const [search, setSearch] = useState('')
  const [q, setQ] = useState('')
  const [picked, setPicked] = useState<string[]>([])
  const [merging, setMerging] = useState(false)
  const summary = useRef<SuggestionsSummary | null>(null)
  const list = usePaged(
    async (cursor, limit) => {
      const page = await listSuggestionGroups(consultationId, { ...(q ? { q } : {}), cursor, limit })
      summary.current = page.summary
      return page
    },
    [consultationId, q],
    !!consultationId,
  )
  const s = summary.current

  const merge = async () => {
    setMerging(true)
    try {
      const g = await mergeSuggestionGroups(consultationId, { groupIds: picked })
      toast.success(`已合并为一组，共 ${g.count} 人`)
      setPicked([])
      await list.reload()
    } catch (e) {
      toast.error(e)
      if (e && typeof e === 'object' && (e as { code?: string }).code === 'suggestions_changed') await list.reload()
    } finally {
      setMerging(false)
    }
  }

  if (!list.items && list.error) return <ErrorState error={list.error} onRetry={list.reload} />
  if (!list.items || !s) return <StateView status="loading" />
  if (!s.published) {
    return <StateView status="empty" id="suggestions-unpublished" title="建议还没公布" message={unpublishedMessage(s)} />
  }
  if (!s.suggestions) return <StateView status="empty" id="suggestions-empty" title="还没有文字建议" />

  return (
    <View id="suggestion-groups">
      <StaleBanner error={list.error} onRetry={list.reload} />
      <View className="muted sg-summary" id="suggestions-summary">
        共 {s.suggestions} 条建议，{s.texts} 种说法，归成 {s.groups} 组。相同的说法只算一种。
      </View>
      <View className="sg-search">
        <Input
          id="suggestions-search"
          className="xfield-input grow"
          value={search}
          placeholder="查找建议里的字词"
          confirmType="search"
          onInput={(e) => setSearch(e.detail.value)}
          onConfirm={() => setQ(search.trim())}
        />
        <View
          {...a11y('button')}
          id="suggestions-search-go"
          className="sg-search-go"
          hoverClass="sg-hover"
          onClick={() => setQ(search.trim())}
        >
          查找
        </View>
      </View>
      {q && (
        <View className="row-between sg-found">
          <View className="muted">
            “{q}”：{list.total} 组
          </View>
          <View
            id="suggestions-search-clear"
            className="sg-link"
            hoverClass="sg-hover"
            onClick={() => {
              setSearch('')
              setQ('')
            }}
          >
            看全部
          </View>
        </View>
      )}
      {organizer && picked.length > 0 && (
        <View className="sg-merge-bar" id="suggestions-merge-bar">
          <View className="grow">已选 {picked.length} 组</View>
          <Button
            id="suggestions-merge"
            size="small"
            block={false}
            disabled={picked.length < 2}
            loading={merging}
            loadingText="合并中"
            onClick={() => void merge()}
          >
            {picked.length < 2 ? '再选一组' : '合并为一组'}
          </Button>
        </View>
      )}
      {list.items.length === 0 ? (
        <StateView status="empty" id="suggestions-none-found" title={`没有找到“${q}”`} message="换个字词试试。" />
      ) : (
        list.items.map((g, i) => {
          const on = picked.includes(g.id)
          return (
            <View key={g.id} id={`sg-${i}`} className={`sg-group ${on ? 'sg-group-on' : ''} suggestion-group`}>
              <View className="row-between">
                <View className="sg-count">{g.count} 人提到</View>
                {g.texts > 1 && <View className="muted">{g.texts} 种说法</View>}
              </View>
              {g.terms.length > 0 && (
                <View className="sg-terms">
                  {g.terms.map((t) => (
                    <View key={t} className="badge badge-grey sg-term">
                      {t}
                    </View>
                  ))}
                </View>
              )}
              {g.samples.map((t) => (
                <View key={t.text} className="sg-text suggestion-item">
                  {t.text}
                  {t.count > 1 ? <View className="sg-times">×{t.count}</View> : null}
                </View>
              ))}
              {organizer && (
                <View className="sg-actions">
                  <View
                    id={`sg-pick-${i}`}
                    className={`sg-action ${on ? 'sg-action-on' : ''}`}
                    hoverClass="sg-hover"
                    onClick={() => setPicked(on ? picked.filter((x) => x !== g.id) : [...picked, g.id])}
                  >
                    {on ? '✓ 已选' : '选中合并'}
                  </View>
                  <View
                    id={`sg-topic-${i}`}
                    className="sg-action"
                    hoverClass="sg-hover"
                    onClick={() => organizer.onMakeTopic(g.samples[0]?.text.slice(0, CONSULTATION_LIMITS.topicTitleMax) ?? '')}
                  >
                    设为下次议题
                  </View>
                </View>
              )}
            </View>
          )
        })
      )}
      <ListMore list={list} id="suggestions" unit="组" />
    </View>
  )
}

/** Why the suggestions are not shown yet: they are published with the results, in the same steps of k people. */
export function unpublishedMessage(s: SuggestionsSummary): string {
  const { step, final, untilNext } = s.publication
  if (final) return `征集已结束，参与不足 ${step} 人，建议不公布，这样谁写了什么不会被认出来。`
  const next = untilNext === null ? '' : `还差 ${untilNext} 人。`
  return `建议和结果一起公布，每满 ${step} 人更新一次，这样谁写了什么不会被认出来。${next}`
}
