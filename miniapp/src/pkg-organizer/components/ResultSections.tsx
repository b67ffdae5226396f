// Sections of the organizer's results page: breakdowns by industry and city, the roll (参与情况) and the exports.
// Each section shows its own loading, empty and error (重试) states.
import { useState } from 'react'
import { View } from '@tarojs/components'
import type { PublishedResults, ResultGroup, Roll, RollGroup } from '@xst/shared-types'
import { CONSULTATION_LIMITS } from '@xst/shared-types'
import { downloadResults, type ResultsAnswer } from '../../api/consultations'
import { downloadSuggestions } from '../../api/suggestions'
import { ApiError, messageOf } from '../../api/errors'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { toast } from '../../components/toast'
import type { Loaded } from '../../hooks/useLoad'
import './ResultSections.css'

const SMALL_GROUP_NOTE = `不足 ${CONSULTATION_LIMITS.minGroupSize} 份的分组合并为“其他”，保护个人意见。`
const TOP_TOPICS = 3

const pct = (share: number) => `${Math.round(share * 100)}%`

/** A failed section, compact so that one failed request does not fill the page with big error screens. */
function SectionError({ id, error, onRetry }: { id: string; error: unknown; onRetry: () => void }) {
  const offline = error instanceof ApiError && error.isNetwork
  return (
    <View className={`rs-error ${offline ? 'rs-error-offline' : ''}`} id={`${id}-error`}>
      <View className="grow rs-error-text">{offline ? '网络不通，没能加载' : messageOf(error)}</View>
      <Button id={`${id}-retry`} type="secondary" size="small" block={false} onClick={onRetry}>
        重试
      </Button>
    </View>
  )
}

/** The first load's states; once there is data it stays on screen (the page's banner tells a refresh failed). */
function SectionState<T>({ id, loaded, children }: { id: string; loaded: Loaded<T>; children: (data: T) => JSX.Element }) {
  if (loaded.data !== undefined) return children(loaded.data)
  if (loaded.error) return <SectionError id={id} error={loaded.error} onRetry={() => void loaded.reload()} />
  return (
    <View className="muted rs-loading" id={`${id}-loading`}>
      正在加载…
    </View>
  )
}

function GroupTopics({ group, results }: { group: ResultGroup; results: PublishedResults }) {
  const ranking = results.mode === 'ranking'
  const titles = new Map(results.topics.map((t) => [t.topicId, t.title]))
  const top = [...group.topics]
    .sort((a, b) => (ranking ? (b.points ?? 0) - (a.points ?? 0) : b.votes - a.votes))
    .filter((t) => t.votes > 0)
    .slice(0, TOP_TOPICS)
  const max = Math.max(1, ...top.map((t) => t.points ?? 0))
  return (
    <View className="rs-topics">
      {top.map((t, i) => (
        <View key={t.topicId} className="rs-topic">
          <View className="row">
            <View className="grow rs-topic-title">
              {i + 1}. {titles.get(t.topicId) ?? '议题'}
            </View>
            <View className="rs-topic-figure">{ranking ? `${t.points ?? 0} 分` : pct(t.share)}</View>
          </View>
          <View className="rs-track">
            <View className="rs-fill" style={{ width: `${Math.max(2, ranking ? ((t.points ?? 0) / max) * 100 : t.share * 100)}%` }} />
          </View>
        </View>
      ))}
    </View>
  )
}

/** Where each industry (or city) stands: its ballots and its top topics. */
export function Breakdown({
  id,
  title,
  by,
  loaded,
}: {
  id: string
  title: string
  by: 'industry' | 'city'
  loaded: Loaded<ResultsAnswer>
}) {
  return (
    <>
      <View className="section-title">{title}</View>
      <Card id={id} className="rs-card">
        <SectionState id={id} loaded={loaded}>
          {({ results: r }) => {
            const groups = r?.published ? r.breakdowns[by] : []
            if (!r?.published || groups.length === 0) {
              return (
                <View className="muted rs-empty" id={`${id}-empty`}>
                  结果公布后，这里按{by === 'industry' ? '行业' : '城市'}分开显示。
                </View>
              )
            }
            return (
              <View>
                {groups.map((g) => (
                  <View key={g.key} className={`rs-group ${id}-group`}>
                    <View className="row-between rs-group-head">
                      <View className="grow rs-group-name">{g.label}</View>
                      <View className="rs-group-n">{g.ballots} 份</View>
                    </View>
                    <GroupTopics group={g} results={r} />
                  </View>
                ))}
                <View className="muted rs-note">{SMALL_GROUP_NOTE}</View>
              </View>
            )
          }}
        </SectionState>
      </Card>
    </>
  )
}

function RollList({ title, groups, id }: { title: string; groups: RollGroup[]; id: string }) {
  return (
    <View className="rs-roll-list" id={id}>
      <View className="rs-roll-title">{title}</View>
      {groups.map((g) => (
        <View key={g.key} className="row-between rs-roll-row">
          <View className="grow">{g.label}</View>
          <View className="rs-group-n">{g.ballots} 人</View>
        </View>
      ))}
    </View>
  )
}

/** 参与情况: how many took part, by industry and city — counts only, never linked to choices. Only after close. */
export function RollSection({ closed, loaded }: { closed: boolean; loaded: Loaded<Roll> }) {
  return (
    <>
      <View className="section-title">参与情况</View>
      <Card id="roll" className="rs-card">
        {!closed ? (
          <View className="muted" id="roll-pending">
            结束后可以看到参与人数，按行业、按城市分开统计。
          </View>
        ) : (
          <SectionState id="roll" loaded={loaded}>
            {(roll) =>
              roll.ballots === null ? (
                <View className="muted rs-empty" id="roll-empty">
                  参与人数太少，不公布参与情况，以免看出个人。
                </View>
              ) : (
                <View>
                  <View className="rs-roll-total">
                    共{' '}
                    <View className="rs-roll-n" id="roll-ballots">
                      {roll.ballots}
                    </View>{' '}
                    人参与
                    {roll.rate !== null && (
                      <View className="muted rs-roll-rate">
                        （{roll.denominatorLabel}，参与率 {Math.round(roll.rate * 1000) / 10}%）
                      </View>
                    )}
                  </View>
                  <RollList id="roll-by-industry" title="按行业" groups={roll.byIndustry} />
                  <RollList id="roll-by-city" title="按城市" groups={roll.byCity} />
                  <View className="muted rs-note">只统计人数，不对应任何人的选择。{SMALL_GROUP_NOTE}</View>
                </View>
              )
            }
          </SectionState>
        )}
      </Card>
    </>
  )
}

const EXPORTS = {
  results: {
    id: 'export',
    heading: '导出结果',
    file: '结果',
    note: '含议题票数、分组统计和文字建议，不含谁投了什么。',
    download: downloadResults,
  },
  suggestions: {
    id: 'suggestions-export',
    heading: '导出建议',
    file: '建议分组',
    note: '每组的人数、关键词和每种说法的人数，不含谁写的、什么时候写的。',
    download: downloadSuggestions,
  },
}

/** 导出 Excel / CSV of the results or of the suggestion groups (organizers and admins; the download carries the token). */
export function ExportSection({
  consultationId,
  title,
  kind = 'results',
}: {
  consultationId: string
  title: string
  kind?: keyof typeof EXPORTS
}) {
  const x = EXPORTS[kind]
  const [busy, setBusy] = useState<'xlsx' | 'csv' | null>(null)
  const run = async (type: 'xlsx' | 'csv') => {
    setBusy(type)
    try {
      const safe = title.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || '意见征集'
      await x.download(consultationId, type, `${safe}_${x.file}.${type}`)
      if (process.env.TARO_ENV === 'h5') toast.success('已下载')
    } catch (e) {
      toast.error(e instanceof ApiError ? e : '没能打开文件，请稍后重试')
    } finally {
      setBusy(null)
    }
  }
  return (
    <>
      <View className="section-title">{x.heading}</View>
      <Card className="rs-card">
        <View className="rs-export">
          <View className="rs-export-btn">
            <Button
              id={`${x.id}-xlsx`}
              type="secondary"
              size="medium"
              disabled={busy !== null && busy !== 'xlsx'}
              loading={busy === 'xlsx'}
              loadingText="正在导出…"
              onClick={() => void run('xlsx')}
            >
              导出 Excel
            </Button>
          </View>
          <View className="rs-export-btn">
            <Button
              id={`${x.id}-csv`}
              type="plain"
              size="medium"
              disabled={busy !== null && busy !== 'csv'}
              loading={busy === 'csv'}
              loadingText="正在导出…"
              onClick={() => void run('csv')}
            >
              导出 CSV
            </Button>
          </View>
        </View>
        <View className="muted rs-note">{x.note}</View>
      </Card>
    </>
  )
}

export const SuggestionExport = (props: { consultationId: string; title: string }) => <ExportSection {...props} kind="suggestions" />
