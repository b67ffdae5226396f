// 公开纪要: one session's record, its 10-day clock, and publishing the minutes (or a summary) to the covered workers.
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { PUBLISH_WITHIN_DAYS, SESSION_TYPE_LABELS, TOPIC_OUTCOME_LABELS } from '@xst/shared-types'
import { ApiError } from '../../api/errors'
import { getSession, publishOutcome, publishSession } from '../../api/sessions'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Chips } from '../../components/Chips'
import { TextField } from '../../components/Field'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { formatDateTime } from '../../utils/time'
import { SESSION_ROUTES, daysUntil, formatDay } from '../shared'
import '../styles.css'
import { pageStyle } from '../../utils/comfort'

export default function PublishPage() {
  const user = useSession()
  const { params } = useRouter()
  const id = params.id ?? ''
  const session = useLoad(() => getSession(id), [id], !!user && !!id)
  const [mode, setMode] = useState<'minutes' | 'summary'>('minutes')
  const [summary, setSummary] = useState('')
  const [error, setError] = useState('')
  const [publishing, setPublishing] = useState(false)
  const [showOutcome, setShowOutcome] = useState(false)
  const [outcomeTitle, setOutcomeTitle] = useState('')
  const [outcomeBody, setOutcomeBody] = useState('')
  const [outcomeErrors, setOutcomeErrors] = useState<Record<string, string>>({})
  const [sendingOutcome, setSendingOutcome] = useState(false)

  if (!user || (user.role !== 'organizer' && user.role !== 'admin')) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工会工作人员账号" />
      </View>
    )
  }
  if (session.loading && !session.data)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="loading" />
      </View>
    )
  if (session.error && !session.data)
    return (
      <View className="page" style={pageStyle()}>
        <ErrorState error={session.error} onRetry={session.reload} />
      </View>
    )
  const s = session.data
  if (!s)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="找不到这次会议" />
      </View>
    )

  const organizer = user.role === 'organizer'
  const publish = async () => {
    if (mode === 'summary' && !summary.trim()) return setError('请填写给劳动者看的摘要')
    const { confirm } = await Taro.showModal({
      title: '公开给劳动者',
      content: '公开后劳动者在“协商”里能看到并评价，不能撤回。',
      confirmText: '公开',
      cancelText: '再看看',
    })
    if (!confirm) return
    setError('')
    setPublishing(true)
    try {
      await publishSession(s.id, mode === 'summary' ? { summary: summary.trim() } : {})
      toast.success('已公开')
      await session.reload()
    } catch (e) {
      if (e instanceof ApiError && !e.isNetwork) setError(e.fieldMessage('summary') ?? e.message)
      else toast.error(e)
    } finally {
      setPublishing(false)
    }
  }

  const sendOutcome = async () => {
    const e: Record<string, string> = {}
    if (!outcomeTitle.trim()) e.title = '请填写标题'
    if (!outcomeBody.trim()) e.body = '请填写内容'
    setOutcomeErrors(e)
    if (Object.keys(e).length) return
    setSendingOutcome(true)
    try {
      await publishOutcome(s.invitationId, { title: outcomeTitle.trim(), body: outcomeBody.trim() })
      toast.success('已公开')
      setShowOutcome(false)
      setOutcomeTitle('')
      setOutcomeBody('')
    } catch (err) {
      if (err instanceof ApiError && !err.isNetwork)
        setOutcomeErrors({ ...Object.fromEntries(err.fields.map((f) => [f.field, f.message])), form: err.message })
      else toast.error(err)
    } finally {
      setSendingOutcome(false)
    }
  }

  const left = s.publishDueOn ? daysUntil(s.publishDueOn) : null
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">
        第 {s.round} 次 · {SESSION_TYPE_LABELS[s.type]}
      </View>
      <View className="page-lead">
        {formatDateTime(s.heldAt)} · {s.online ? `线上${s.place ? `（${s.place}）` : ''}` : s.place}
      </View>

      <View
        id="publish-clock"
        className={`ps-sync ${s.publishedAt ? 'ps-sync-done' : s.publishOverdue ? 'ps-sync-waiting' : 'ps-sync-info'}`}
      >
        {s.publishedAt
          ? `✓ 纪要已于 ${formatDateTime(s.publishedAt)} 公开`
          : s.publishOverdue
            ? `未及时公开：期限是 ${formatDay(s.publishDueOn!)}，请尽快公开。`
            : s.publishDueOn
              ? `最迟 ${formatDay(s.publishDueOn)} 公开（会后 ${PUBLISH_WITHIN_DAYS} 日内）${left !== null && left >= 0 ? `，还剩 ${left} 天` : ''}。`
              : '纪要尚未公开。'}
      </View>

      <Card title="双方代表">
        <View className="ps-kv">
          <View className="ps-k">职工方</View>
          <View className="ps-v">
            {s.workerSide.count} 人，首席 {s.workerSide.chief}
          </View>
        </View>
        <View className="ps-kv">
          <View className="ps-k">企业方</View>
          <View className="ps-v">
            {s.employerSide.count} 人，首席 {s.employerSide.chief}
          </View>
        </View>
        {s.recorder && (
          <View className="ps-kv">
            <View className="ps-k">记录员</View>
            <View className="ps-v">{s.recorder}</View>
          </View>
        )}
      </Card>
      <Card title="议题">
        {s.topics.map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in the session's own order
          <View key={i} className="ps-topic-line">
            <View className="row-between">
              <View className="grow">
                {i + 1}. {t.title}
              </View>
              <View className={`badge ${t.outcome === 'agreed' ? 'badge-green' : t.outcome === 'open' ? 'badge-blue' : ''}`}>
                {TOPIC_OUTCOME_LABELS[t.outcome]}
              </View>
            </View>
            {t.note && <View className="muted">{t.note}</View>}
          </View>
        ))}
      </Card>
      {s.suspended && (
        <Card title="下次会议">
          <View className="muted">
            {formatDateTime(s.suspended.nextAt)} · {s.suspended.nextPlace}
          </View>
          {s.suspended.nextTopics.length > 0 && <View className="muted">议题：{s.suspended.nextTopics.join('、')}</View>}
        </Card>
      )}
      <Card title="会议纪要">
        <View className="ps-minutes">{s.minutes}</View>
      </Card>

      {organizer && !s.publishedAt && (
        <>
          <View className="section-title">公开给劳动者</View>
          <Chips
            idPrefix="publish-mode"
            options={[
              { value: 'minutes', label: '公开纪要原文' },
              { value: 'summary', label: '写一段摘要' },
            ]}
            selected={[mode]}
            onToggle={(v) => setMode(v as 'minutes' | 'summary')}
          />
          <View className="ps-gap" />
          {mode === 'summary' && (
            <TextField
              id="publish-summary"
              label="摘要"
              value={summary}
              onChange={setSummary}
              multiline
              maxlength={5000}
              placeholder="用劳动者看得懂的话写：谈了什么，达成了什么，下一步是什么。"
              hint={`${summary.length} / 5000 字`}
            />
          )}
          {error && (
            <View className="error-text ps-bottom-error" id="publish-error">
              {error}
            </View>
          )}
          <Button id="session-publish" loading={publishing} loadingText="正在公开…" onClick={publish}>
            公开给劳动者
          </Button>
        </>
      )}

      {organizer && (
        <>
          <View className="section-title">协商结果</View>
          {!showOutcome ? (
            <View className="stack">
              {s.topics.some((t) => t.outcome === 'agreed') && (
                <Button
                  id="outcome-draft"
                  type="secondary"
                  size="medium"
                  onClick={() => Taro.navigateTo({ url: `/pkg-congress/draft/index?sessionId=${s.id}` })}
                >
                  起草合同草案
                </Button>
              )}
              <Button id="outcome-open" type="secondary" size="medium" onClick={() => setShowOutcome(true)}>
                公开协商结果
              </Button>
              <Button
                id="outcome-contract"
                type="plain"
                size="medium"
                onClick={() => Taro.navigateTo({ url: SESSION_ROUTES.contractForm(s.invitationId) })}
              >
                登记签订的集体合同
              </Button>
            </View>
          ) : (
            <Card>
              <TextField
                id="outcome-title"
                label="标题"
                value={outcomeTitle}
                onChange={setOutcomeTitle}
                maxlength={80}
                placeholder="例如：骑手劳动报酬协商达成一致"
                error={outcomeErrors.title}
              />
              <TextField
                id="outcome-body"
                label="内容"
                value={outcomeBody}
                onChange={setOutcomeBody}
                multiline
                maxlength={20000}
                error={outcomeErrors.body}
              />
              {outcomeErrors.form && <View className="error-text ps-bottom-error">{outcomeErrors.form}</View>}
              <View className="stack">
                <Button id="outcome-submit" loading={sendingOutcome} loadingText="正在公开…" onClick={sendOutcome}>
                  公开
                </Button>
                <Button type="plain" size="medium" onClick={() => setShowOutcome(false)}>
                  取消
                </Button>
              </View>
            </Card>
          )}
        </>
      )}
    </View>
  )
}
