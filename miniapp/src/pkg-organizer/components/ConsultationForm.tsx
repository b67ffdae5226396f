// The consultation form shared by 发起征集 (create) and 修改征集 (edit, before it opens): who is asked (region,
// industries), how long, how they answer, and which topics. The page decides what saving means.
import { useMemo, useState } from 'react'
import { Switch, View } from '@tarojs/components'
import type {
  CatalogTopic,
  Consultation,
  ConsultationMode,
  CreateConsultationRequest,
  Eligibility,
  Industry,
  ResultsVisibility,
  TopicInput,
} from '@xst/shared-types'
import {
  CONSULTATION_LIMITS,
  CONSULTATION_MODE_LABELS,
  ELIGIBILITY_LABELS,
  INDUSTRIES,
  INDUSTRY_LABELS,
  TOPIC_CATALOG,
} from '@xst/shared-types'
import { getCatalog } from '../../api/consultations'
import { ApiError } from '../../api/errors'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Chips } from '../../components/Chips'
import { Field, TextField } from '../../components/Field'
import { RegionPicker } from '../../components/RegionPicker'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { type Errors, useFieldErrors } from '../../hooks/useFieldErrors'
import { useLoad } from '../../hooks/useLoad'
import { addDays, formatDateTime } from '../../utils/time'
import './ConsultationForm.css'
import { a11y } from '../../utils/a11y'

interface PickedTopic extends TopicInput {
  key: string
}

/** 'keep' = the saved time of the consultation being edited. */
type StartChoice = 'keep' | 'now' | 'later'

const DURATIONS = [3, 7, 14, 30]
const MODES: ConsultationMode[] = ['multiple', 'single', 'ranking']
const MODE_HINTS: Record<ConsultationMode, string> = {
  single: '每人选 1 个最关心的议题',
  multiple: '每人最多选几个议题',
  ranking: '每人给议题排先后，按得分统计',
}

const tomorrowAtEight = () => {
  const d = addDays(new Date(), 1)
  d.setHours(8, 0, 0, 0)
  return d
}

const LABELS = {
  title: '标题',
  description: '说明',
  regionCode: '范围',
  industries: '行业',
  opensAt: '开始时间',
  closesAt: '截止时间',
  mode: '投票方式',
  maxChoices: '每人最多选几个',
  topics: '议题',
}

/** What the server would refuse, checked on the phone first. */
function checkConsultation(f: {
  title: string
  regionCode: string | null
  industries: Industry[]
  opensAt: number
  closesAt: number
  topics: number
}) {
  const e: Errors = {}
  if (!f.title.trim()) e.title = '请填写标题'
  if (!f.regionCode) e.regionCode = '请选择范围'
  if (f.industries.length === 0) e.industries = '请至少选一个行业'
  if (f.closesAt <= f.opensAt) e.closesAt = '截止时间应晚于开始时间'
  else if (f.closesAt <= Date.now()) e.closesAt = '截止时间已过，请重新选择'
  if (f.topics < CONSULTATION_LIMITS.minTopics) e.topics = `请至少选 ${CONSULTATION_LIMITS.minTopics} 个议题`
  return e
}

export interface ConsultationFormProps {
  /** The consultation being edited; absent when creating. */
  initial?: Consultation
  /** Region preselected when creating: the organizer's own. */
  defaultRegionCode?: string | null
  submitId: string
  submitLabel: string
  savingText: string
  /** Sends the request; throws an ApiError whose field messages the form shows under the fields. */
  onSubmit: (req: CreateConsultationRequest) => Promise<void>
  /** Topics of the organizer's own wording to start with (a group of the workers' suggestions). */
  suggestedTopics?: string[]
}

export function ConsultationForm({
  initial,
  defaultRegionCode,
  submitId,
  submitLabel,
  savingText,
  onSubmit,
  suggestedTopics,
}: ConsultationFormProps) {
  const catalog = useLoad(getCatalog, [])
  const [title, setTitle] = useState(initial?.title ?? '')
  const [description, setDescription] = useState(initial?.description ?? '')
  const [regionCode, setRegionCode] = useState<string | null>(initial?.regionCode ?? defaultRegionCode ?? null)
  const [industries, setIndustries] = useState<Industry[]>(initial?.industries ?? ['rider'])
  const [start, setStart] = useState<StartChoice>(initial ? 'keep' : 'now')
  // A number of days, or 'keep' (the saved closing time) when editing.
  const [duration, setDuration] = useState<string>(initial ? 'keep' : '7')
  const [mode, setMode] = useState<ConsultationMode>(initial?.mode ?? 'multiple')
  // null = the default for the mode: up to 3 in multiple mode, every topic in ranking mode.
  const [maxChoices, setMaxChoices] = useState<number | null>(initial?.maxChoices ?? null)
  const [topics, setTopics] = useState<PickedTopic[]>(() => [
    ...(initial?.topics ?? []).map((t) => ({
      key: t.code ?? t.id,
      code: t.code ?? undefined,
      title: t.title,
      description: t.description ?? undefined,
    })),
    ...(suggestedTopics ?? []).filter(Boolean).map((title, i) => ({ key: `suggested-${i}`, title })),
  ])
  const [custom, setCustom] = useState('')
  const [showAllCatalog, setShowAllCatalog] = useState(
    () =>
      // Editing one with enterprise or quality topics: show them, so they can be unticked where they are.
      !!initial?.topics.some((t) => t.code && TOPIC_CATALOG.find((x) => x.code === t.code)?.group !== 'new_employment'),
  )
  const [allowSuggestions, setAllowSuggestions] = useState(initial?.allowSuggestions ?? true)
  const [visibility, setVisibility] = useState<ResultsVisibility>(initial?.resultsVisibility ?? 'after_vote')
  const [eligibility, setEligibility] = useState<Eligibility>(initial?.eligibility ?? 'self_declared')
  const [headcount, setHeadcount] = useState(initial?.headcount ? String(initial.headcount) : '')
  const [headcountSource, setHeadcountSource] = useState(initial?.headcountSource ?? '')
  const [saving, setSaving] = useState(false)

  const { opensAt, closesAt } = useMemo(() => {
    const open = start === 'keep' && initial ? new Date(initial.opensAt) : start === 'later' ? tomorrowAtEight() : new Date()
    const close = duration === 'keep' && initial ? new Date(initial.closesAt) : addDays(open, Number(duration))
    return { opensAt: open, closesAt: close }
  }, [start, duration, initial])
  const checked = {
    title,
    description,
    regionCode,
    industries,
    closesAt: closesAt.getTime(),
    opensAt: opensAt.getTime(),
    mode,
    maxChoices,
    topics: topics.length,
  }
  const { errors, check, fromServer } = useFieldErrors(checked, checkConsultation, LABELS)

  const startOptions: { value: StartChoice; label: string }[] = [
    ...(initial ? [{ value: 'keep' as const, label: `原定 ${formatDateTime(initial.opensAt)}` }] : []),
    { value: 'now', label: '立即开始' },
    { value: 'later', label: '明天 8 点开始' },
  ]
  const durationOptions = [
    ...(initial ? [{ value: 'keep', label: `${formatDateTime(initial.closesAt)} 截止` }] : []),
    ...DURATIONS.map((d) => ({ value: String(d), label: `征集 ${d} 天` })),
  ]

  const n = Math.max(1, topics.length)
  const effectiveMax = mode === 'single' ? 1 : Math.min(Math.max(1, maxChoices ?? (mode === 'ranking' ? n : 3)), n)
  const catalogShown = (catalog.data ?? []).filter((t) => showAllCatalog || t.group === 'new_employment')
  const isPicked = (code: string) => topics.some((t) => t.code === code)

  const toggleCatalog = (t: CatalogTopic) => {
    if (isPicked(t.code)) return setTopics(topics.filter((x) => x.code !== t.code))
    if (topics.length >= CONSULTATION_LIMITS.maxTopics) return toast.info(`最多 ${CONSULTATION_LIMITS.maxTopics} 个议题`)
    setTopics([...topics, { key: t.code, code: t.code, title: t.title }])
  }
  const addCustom = () => {
    const text = custom.trim()
    if (!text) return
    if (topics.some((t) => t.title === text)) return toast.info('这个议题已经有了')
    if (topics.length >= CONSULTATION_LIMITS.maxTopics) return toast.info(`最多 ${CONSULTATION_LIMITS.maxTopics} 个议题`)
    setTopics([...topics, { key: `custom-${Date.now()}`, title: text }])
    setCustom('')
  }

  const submit = async () => {
    if (!check(checked)) return
    setSaving(true)
    try {
      await onSubmit({
        title: title.trim(),
        description: description.trim() || undefined,
        regionCode: regionCode!,
        industries,
        opensAt: opensAt.toISOString(),
        closesAt: closesAt.toISOString(),
        mode,
        maxChoices: effectiveMax,
        topics: topics.map(({ code, title: t, description: d }) => (code ? { code } : { title: t, ...(d ? { description: d } : {}) })),
        allowSuggestions,
        resultsVisibility: visibility,
        eligibility,
        headcount: eligibility === 'self_declared' && headcount.trim() ? Number(headcount.trim()) : null,
        headcountSource: eligibility === 'self_declared' && headcount.trim() && headcountSource.trim() ? headcountSource.trim() : null,
      })
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) fromServer(err.fields, (f) => (f.startsWith('topics') ? 'topics' : f))
      throw err
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className="create-page">
      <TextField
        id="c-title"
        label="标题"
        value={title}
        onChange={setTitle}
        maxlength={CONSULTATION_LIMITS.titleMax}
        placeholder="例如：2025年外卖骑手协商议题征集"
        error={errors.title}
      />
      <TextField
        id="c-description"
        label="说明（选填）"
        value={description}
        onChange={setDescription}
        multiline
        maxlength={CONSULTATION_LIMITS.descriptionMax}
        placeholder="告诉大家为什么征集、结果怎么用"
        error={errors.description}
      />

      <RegionPicker
        id="c-region"
        label="征集范围"
        value={regionCode}
        onChange={(c) => setRegionCode(c)}
        error={errors.regionCode}
        hint="这个地区及下属地区的劳动者可以参与"
      />
      <Field label="行业" error={errors.industries}>
        <Chips
          idPrefix="c-industry"
          className="c-industry"
          options={INDUSTRIES.map((i) => ({ value: i, label: INDUSTRY_LABELS[i] }))}
          selected={industries}
          onToggle={(i) => setIndustries(industries.includes(i) ? industries.filter((x) => x !== i) : [...industries, i])}
        />
      </Field>

      <Field
        label="时间"
        hint={`${formatDateTime(opensAt.toISOString())} 开始，${formatDateTime(closesAt.toISOString())} 截止`}
        error={errors.closesAt ?? errors.opensAt}
      >
        <Chips idPrefix="c-start" options={startOptions} selected={[start]} onToggle={setStart} />
        <View className="c-gap" />
        <Chips idPrefix="c-duration" options={durationOptions} selected={[duration]} onToggle={setDuration} />
      </Field>

      <Field label="投票方式" hint={MODE_HINTS[mode]} error={errors.mode}>
        <Chips
          idPrefix="c-mode"
          options={MODES.map((m) => ({ value: m, label: CONSULTATION_MODE_LABELS[m] }))}
          selected={[mode]}
          onToggle={(m) => {
            setMode(m)
            setMaxChoices(null)
          }}
        />
      </Field>
      {mode !== 'single' && (
        <Field label={mode === 'multiple' ? '每人最多选' : '每人最多排'} error={errors.maxChoices}>
          <View className="c-stepper">
            <View
              id="c-max-minus"
              className="c-step-btn"
              hoverClass="c-step-hover"
              onClick={() => setMaxChoices(Math.max(1, effectiveMax - 1))}
            >
              −
            </View>
            <View className="c-step-value" id="c-max">
              {effectiveMax} 个
            </View>
            <View
              id="c-max-plus"
              className="c-step-btn"
              hoverClass="c-step-hover"
              onClick={() => setMaxChoices(Math.min(n, effectiveMax + 1))}
            >
              +
            </View>
          </View>
        </Field>
      )}

      <Field
        label={`议题（已选 ${topics.length} 个，${CONSULTATION_LIMITS.minTopics}–${CONSULTATION_LIMITS.maxTopics} 个）`}
        error={errors.topics}
      >
        {topics.length > 0 && (
          <View className="c-picked" id="c-picked">
            {topics.map((t, i) => (
              <View key={t.key} className="c-picked-item">
                <View className="grow">
                  {i + 1}. {t.title}
                  {t.code ? '' : '（自定义）'}
                </View>
                <View
                  className="c-picked-remove"
                  hoverClass="c-step-hover"
                  onClick={() => setTopics(topics.filter((x) => x.key !== t.key))}
                >
                  移除
                </View>
              </View>
            ))}
          </View>
        )}
        <Card className="c-catalog">
          <View className="c-catalog-title">从标准议题中选</View>
          {catalog.loading && !catalog.data ? (
            <StateView status="loading" />
          ) : catalog.error && !catalog.data ? (
            <ErrorState error={catalog.error} onRetry={catalog.reload} />
          ) : (
            <View>
              {catalogShown.map((t) => (
                <View
                  key={t.code}
                  id={`catalog-${t.code}`}
                  className={`catalog-topic ${isPicked(t.code) ? 'catalog-topic-on' : ''}`}
                  hoverClass="c-step-hover"
                  onClick={() => toggleCatalog(t)}
                >
                  <View className={`topic-box ${isPicked(t.code) ? 'topic-box-on' : ''}`}>{isPicked(t.code) ? '✓' : ''}</View>
                  <View className="grow">
                    <View className="catalog-topic-title">{t.title}</View>
                    <View className="muted">{t.description}</View>
                  </View>
                </View>
              ))}
              <View {...a11y('button')} className="c-more" id="c-catalog-more" onClick={() => setShowAllCatalog(!showAllCatalog)}>
                {showAllCatalog ? '只看新就业形态议题' : '显示企业协商和质量议题'}
              </View>
            </View>
          )}
        </Card>
        <View className="c-custom">
          <TextField
            id="c-custom-title"
            label="添加自己的议题"
            value={custom}
            onChange={setCustom}
            maxlength={CONSULTATION_LIMITS.topicTitleMax}
            placeholder="例如：电动车充电和换电"
          />
          <Button id="c-custom-add" type="secondary" size="medium" disabled={!custom.trim()} onClick={addCustom}>
            添加这个议题
          </Button>
        </View>
      </Field>

      <Field
        label="谁可以参加"
        error={errors.eligibility}
        hint={
          eligibility === 'verified'
            ? '只有在“核验名册”里核验过的劳动者能参加，参与率按名册人数算。'
            : '按劳动者自己填的行业和城市，结果标为“未核验”。'
        }
      >
        <Chips
          idPrefix="c-eligibility"
          options={[
            { value: 'self_declared', label: ELIGIBILITY_LABELS.self_declared },
            { value: 'verified', label: ELIGIBILITY_LABELS.verified },
          ]}
          selected={[eligibility]}
          onToggle={(v) => setEligibility(v as Eligibility)}
        />
      </Field>
      {eligibility === 'self_declared' && (
        <>
          <TextField
            id="c-headcount"
            label="范围内人数（选填）"
            value={headcount}
            onChange={setHeadcount}
            placeholder="例如 平台报告的成都骑手人数"
            hint="填了就按它算参与率；不填按本应用登记人数算"
            maxlength={9}
            error={errors.headcount}
          />
          <TextField
            id="c-headcount-source"
            label="人数来源（选填）"
            value={headcountSource}
            onChange={setHeadcountSource}
            placeholder="例如 平台报告 2025 年 11 月"
            maxlength={60}
            error={errors.headcountSource}
          />
        </>
      )}

      <Field label="其他设置">
        <View className="c-switch-row">
          <View className="grow">允许劳动者写文字建议</View>
          <Switch id="c-suggestions" checked={allowSuggestions} color="#b3261e" onChange={(e) => setAllowSuggestions(e.detail.value)} />
        </View>
        <View className="c-gap" />
        <Chips
          idPrefix="c-visibility"
          options={[
            { value: 'after_vote', label: '投票后就能看结果' },
            { value: 'after_close', label: '结束后才公布结果' },
          ]}
          selected={[visibility]}
          onToggle={(v) => setVisibility(v as ResultsVisibility)}
        />
      </Field>

      <View className="bottom-bar-spacer" />
      <View className="bottom-bar">
        <Button id={submitId} loading={saving} loadingText={savingText} onClick={() => void submit().catch(() => undefined)}>
          {submitLabel}
        </Button>
      </View>
    </View>
  )
}
