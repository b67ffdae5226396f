// The voting page: single, multiple (limit shown) and ranking (move up/down with one thumb).
// A failed submit keeps the selection on screen (and in storage) so the worker just taps 重试.
import { useEffect, useRef, useState } from 'react'
import { Textarea, View } from '@tarojs/components'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import type { Consultation, ConsultationTopic } from '@xst/shared-types'
import { CONSULTATION_LIMITS, consultationIdOfScene } from '@xst/shared-types'
import { getConsultation, submitBallot } from '../../api/consultations'
import { askSubscribe, loadSubscriptions } from '../../api/subscriptions'
import { ApiError, messageOf } from '../../api/errors'
import { Button } from '../../components/Button'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useNow } from '../../hooks/useNow'
import { ROUTES, TABS, back, go, goTab } from '../../utils/nav'
import { a11y } from '../../utils/a11y'
import { consultationCard } from '../../utils/share'
import { formatDateTime, remaining } from '../../utils/time'
import './index.css'
import { pageStyle } from '../../utils/comfort'

interface Draft {
  choices: string[]
  suggestion: string
}

const draftKey = (id: string) => `xst.draft.${id}`

function instruction(c: Consultation): string {
  if (c.mode === 'single') return '选 1 个你最关心的议题'
  if (c.mode === 'multiple') return `最多选 ${c.maxChoices} 个你最关心的议题`
  return c.maxChoices >= c.topics.length ? '按重要程度依次点选，最重要的排第一' : `依次点选，最重要的排第一，最多排 ${c.maxChoices} 个`
}

interface SubmitFailure {
  message: string
  /** What the worker can do next. */
  next: 'retry' | 'results' | 'profile' | 'reload' | 'none'
}

function failureOf(e: unknown): SubmitFailure {
  if (!(e instanceof ApiError)) return { message: messageOf(e), next: 'retry' }
  if (e.isNetwork) return { message: `${e.message}。你的选择还在，恢复后点“重试”。`, next: 'retry' }
  if (e.code === 'consultation_closed') return { message: e.message, next: 'results' }
  if (e.code === 'consultation_changed') return { message: e.message, next: 'reload' }
  if (e.code === 'profile_required') return { message: e.message, next: 'profile' }
  if (e.status === 400) return { message: e.fields[0]?.message ?? e.message, next: 'none' }
  if (e.status === 403 || e.status === 404 || e.code === 'consultation_not_open') return { message: e.message, next: 'none' }
  if (e.status === 429 || e.status >= 500) return { message: e.message, next: 'retry' }
  return { message: e.message, next: 'retry' }
}

export default function VotePage() {
  // From the list or a shared card: ?id=…; from a poster's 小程序码: ?scene=… (the id without hyphens).
  const params = useRouter().params
  const id = params.id ?? (params.scene ? (consultationIdOfScene(params.scene) ?? '') : '')
  const now = useNow()
  const loaded = useLoad(() => getConsultation(id), [id], !!id)
  const c = loaded.data
  useShareAppMessage(() => (c ? consultationCard(c) : { title: '协商通：职工意见征集', path: TABS.consultations }))
  const [choices, setChoices] = useState<string[]>([])
  const [suggestion, setSuggestion] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [failure, setFailure] = useState<SubmitFailure | null>(null)
  // The form shows only once it holds what the worker had (draft or ballot): the suggestion box then starts with its
  // text instead of receiving it just after it appeared, which Taro's H5 textarea cannot take before it has rendered.
  const [restored, setRestored] = useState(false)
  const initialised = useRef(false)
  // The short pause after 已提交 before leaving; dropped if the worker leaves first.
  const leaving = useRef<ReturnType<typeof setTimeout>>()
  useEffect(() => () => clearTimeout(leaving.current), [])
  useEffect(() => {
    void loadSubscriptions()
  }, [])

  // Start from the saved draft, else the worker's own ballot; once.
  useEffect(() => {
    if (!c || initialised.current) return
    initialised.current = true
    const draft = Taro.getStorageSync(draftKey(c.id)) as Draft | ''
    const valid = new Set(c.topics.map((t) => t.id))
    const from = draft || (c.myBallot ? { choices: c.myBallot.choices, suggestion: c.myBallot.suggestion ?? '' } : null)
    if (from) {
      setChoices(from.choices.filter((x) => valid.has(x)).slice(0, c.maxChoices))
      setSuggestion(from.suggestion)
    }
    setRestored(true)
  }, [c])

  // After a reload (consultation changed), drop choices of topics that are gone.
  useEffect(() => {
    if (!c) return
    const valid = new Set(c.topics.map((t) => t.id))
    setChoices((cur) => (cur.every((x) => valid.has(x)) ? cur : cur.filter((x) => valid.has(x))))
  }, [c])

  const remember = (next: Draft) => {
    if (c) Taro.setStorageSync(draftKey(c.id), next)
  }
  const update = (next: string[]) => {
    setChoices(next)
    setFailure(null)
    remember({ choices: next, suggestion })
  }

  if (!id)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="error" message="链接不完整，请回到议题列表重新打开。" />
      </View>
    )
  if ((loaded.loading && !c) || (c && !restored))
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="loading" />
      </View>
    )
  if (loaded.error && !c) {
    const gone = loaded.error instanceof ApiError && loaded.error.status === 404
    return (
      <View className="page" style={pageStyle()}>
        {gone ? (
          <StateView
            status="empty"
            id="vote-not-found"
            title="找不到这次意见征集"
            message={messageOf(loaded.error)}
            action={
              <Button id="vote-back" onClick={() => goTab(TABS.consultations)}>
                回到议题
              </Button>
            }
          />
        ) : (
          <ErrorState error={loaded.error} onRetry={loaded.reload} />
        )}
      </View>
    )
  }
  if (!c) return null

  const byId = new Map(c.topics.map((t) => [t.id, t]))
  const left = remaining(c.closesAt, now)

  if (c.status !== 'open') {
    return (
      <View className="page" style={pageStyle()}>
        <View className="page-title">{c.title}</View>
        {c.status === 'upcoming' ? (
          <StateView status="empty" id="vote-upcoming" title="还没有开始" message={`${formatDateTime(c.opensAt)} 开始，到时再来。`} />
        ) : (
          <StateView
            status="empty"
            id="vote-closed"
            title="这次意见征集已经结束"
            message={c.myBallot ? '你参与过这次征集，谢谢你。' : '下次记得早点来参与。'}
            action={
              c.canSeeResults ? (
                <Button id="see-results" onClick={() => Taro.redirectTo({ url: ROUTES.result(c.id) })}>
                  看看结果
                </Button>
              ) : undefined
            }
          />
        )}
      </View>
    )
  }

  if (c.eligibility === 'verified' && c.onRoll === false) {
    return (
      <View className="page" style={pageStyle()}>
        <View className="page-title">{c.title}</View>
        <StateView
          status="empty"
          id="vote-needs-verify"
          title="这次只请已核验的劳动者参加"
          message="用工会发的核验码，或名单上的手机号，核验一次就能参加。"
          action={
            <Button id="vote-go-verify" onClick={() => go(ROUTES.verify)}>
              去核验
            </Button>
          }
        />
      </View>
    )
  }

  const toggle = (topicId: string) => {
    if (c.mode === 'single') return update(choices[0] === topicId ? [] : [topicId])
    if (choices.includes(topicId)) return update(choices.filter((x) => x !== topicId))
    if (choices.length >= c.maxChoices) {
      toast.info(c.mode === 'ranking' ? `最多排 ${c.maxChoices} 个，先移除一个` : `最多选 ${c.maxChoices} 个，先取消一个`)
      return
    }
    update([...choices, topicId])
  }
  const move = (index: number, delta: number) => {
    const to = index + delta
    if (to < 0 || to >= choices.length) return
    const next = [...choices]
    ;[next[index], next[to]] = [next[to], next[index]]
    update(next)
  }

  const submit = async () => {
    if (choices.length === 0) return toast.info(c.mode === 'ranking' ? '请至少排 1 个议题' : '请至少选 1 个议题')
    // 协商有进展时通知我: asked inside this tap, as WeChat requires; the ballot does not wait for the answer.
    void askSubscribe('negotiation_progress')
    setSubmitting(true)
    setFailure(null)
    try {
      await submitBallot(c.id, { choices, suggestion: c.allowSuggestions && suggestion.trim() ? suggestion.trim() : undefined })
      Taro.removeStorageSync(draftKey(c.id))
      toast.success('已提交')
      leaving.current = setTimeout(() => {
        if (c.resultsVisibility === 'after_vote') Taro.redirectTo({ url: ROUTES.result(c.id) })
        else back()
      }, 700)
    } catch (e) {
      const f = failureOf(e)
      setFailure(f)
      if (f.next === 'reload') void loaded.reload()
    } finally {
      setSubmitting(false)
    }
  }

  const unranked = c.mode === 'ranking' ? c.topics.filter((t) => !choices.includes(t.id)) : c.topics
  const option = (t: ConsultationTopic) => {
    const on = choices.includes(t.id)
    return (
      <View
        key={t.id}
        id={`topic-${t.id}`}
        className={`topic-option ${on ? 'topic-option-on' : ''}`}
        hoverClass="topic-option-hover"
        onClick={() => toggle(t.id)}
        {...a11y(c.mode === 'single' ? 'radio' : 'checkbox', t.title, { checked: on })}
      >
        <View aria-hidden="true" className={`topic-mark ${c.mode === 'single' ? 'topic-mark-radio' : ''} ${on ? 'topic-mark-on' : ''}`}>
          {on ? '✓' : c.mode === 'ranking' ? '+' : ''}
        </View>
        <View className="grow">
          <View className="topic-title">{t.title}</View>
          {t.description && <View className="topic-desc">{t.description}</View>}
        </View>
      </View>
    )
  }

  return (
    <View className="page vote-page" style={pageStyle()}>
      <View className="page-title">{c.title}</View>
      {c.description && <View className="vote-desc">{c.description}</View>}
      <View className="vote-meta">
        <View className="countdown">{left ? `还剩 ${left}` : '即将结束'}</View>
        <View className="muted">
          {formatDateTime(c.closesAt)} 截止{c.myBallot ? ' · 你已提交过，可以改' : ''}
        </View>
      </View>

      <View className="vote-instruction" id="vote-instruction">
        <View className="grow">{instruction(c)}</View>
        {c.mode !== 'single' && (
          <View className="vote-count" id="vote-count">
            已选 {choices.length}/{c.maxChoices}
          </View>
        )}
      </View>

      {c.mode === 'ranking' && (
        <View className="rank-list" id="rank-list">
          {choices.length === 0 ? (
            <View className="rank-empty">还没有排序。点下面的议题，按重要程度依次加入。</View>
          ) : (
            choices.map((tid, i) => (
              <View key={tid} className="ranked-item">
                <View className="ranked-num">{i + 1}</View>
                <View className="ranked-title grow">{byId.get(tid)?.title}</View>
                <View
                  className={`rank-btn rank-up ${i === 0 ? 'rank-btn-off' : ''}`}
                  hoverClass="rank-btn-hover"
                  onClick={() => move(i, -1)}
                  {...a11y('button', `${byId.get(tid)?.title ?? ''} 往前排`, { disabled: i === 0 })}
                >
                  ↑
                </View>
                <View
                  className={`rank-btn rank-down ${i === choices.length - 1 ? 'rank-btn-off' : ''}`}
                  hoverClass="rank-btn-hover"
                  onClick={() => move(i, 1)}
                  {...a11y('button', `${byId.get(tid)?.title ?? ''} 往后排`, { disabled: i === choices.length - 1 })}
                >
                  ↓
                </View>
                <View
                  className="rank-btn rank-remove"
                  hoverClass="rank-btn-hover"
                  onClick={() => update(choices.filter((x) => x !== tid))}
                  {...a11y('button', `不排 ${byId.get(tid)?.title ?? ''}`)}
                >
                  ✕
                </View>
              </View>
            ))
          )}
          {unranked.length > 0 && <View className="section-title">{choices.length ? '还没排的议题' : '全部议题'}</View>}
        </View>
      )}

      <View className="topic-list">{unranked.map(option)}</View>

      {c.allowSuggestions && (
        <View className="vote-suggestion">
          <View className="section-title">还有别的想说？（选填）</View>
          <Textarea
            id="vote-suggestion"
            className="vote-suggestion-input"
            value={suggestion}
            maxlength={CONSULTATION_LIMITS.suggestionMax}
            placeholder="写下你的建议，工会只看内容，不会知道是谁写的"
            onInput={(e) => {
              setSuggestion(e.detail.value)
              remember({ choices, suggestion: e.detail.value })
            }}
          />
          <View className="muted vote-suggestion-count">
            {suggestion.length}/{CONSULTATION_LIMITS.suggestionMax}
          </View>
        </View>
      )}

      <View className="muted vote-privacy">你的选择只计入总数，谁也看不到你个人选了什么。结束前可以随时修改。</View>
      <View className="bottom-bar-spacer" />

      <View className="bottom-bar">
        {failure && (
          <View className="vote-error" id="vote-error">
            <View className="grow">{failure.message}</View>
            {failure.next === 'results' && (
              <View className="vote-error-link" onClick={() => Taro.redirectTo({ url: ROUTES.result(c.id) })} {...a11y('link')}>
                看结果
              </View>
            )}
            {failure.next === 'profile' && (
              <View className="vote-error-link" onClick={() => go(`${ROUTES.profile}?next=back`)} {...a11y('link')}>
                去填写
              </View>
            )}
          </View>
        )}
        <Button
          id="vote-submit"
          loading={submitting}
          loadingText="正在提交…"
          disabled={choices.length === 0 || failure?.next === 'results'}
          onClick={submit}
        >
          {failure?.next === 'retry' ? '重试' : c.myBallot ? '更新我的选择' : '提交'}
        </Button>
      </View>
    </View>
  )
}
