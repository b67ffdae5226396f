// 发起意见征集: who is asked (region, industries), how long, how they answer, and which topics.
import { useMemo, useState } from 'react'
import { Switch, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CatalogTopic, ConsultationMode, Industry, ResultsVisibility, TopicInput } from '@xst/shared-types'
import { CONSULTATION_LIMITS, CONSULTATION_MODE_LABELS, INDUSTRIES, INDUSTRY_LABELS } from '@xst/shared-types'
import { createConsultation, getCatalog } from '../../api/consultations'
import { ApiError } from '../../api/errors'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Chips } from '../../components/Chips'
import { Field, TextField } from '../../components/Field'
import { RegionPicker } from '../../components/RegionPicker'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { ROUTES } from '../../utils/nav'
import { addDays, formatDateTime } from '../../utils/time'
import './index.css'

interface PickedTopic extends TopicInput {
  key: string
}

const DURATIONS = [3, 7, 14, 30]
const MODES: ConsultationMode[] = ['multiple', 'single', 'ranking']
const MODE_HINTS: Record<ConsultationMode, string> = {
  single: '每人选 1 个最关心的议题',
  multiple: '每人最多选几个议题',
  ranking: '每人给议题排先后，按得分统计',
}

export default function CreateConsultation() {
  const user = useSession()
  const catalog = useLoad(getCatalog, [])
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [regionCode, setRegionCode] = useState<string | null>(user?.regionCode ?? null)
  const [industries, setIndustries] = useState<Industry[]>(['rider'])
  const [startLater, setStartLater] = useState(false)
  const [days, setDays] = useState(7)
  const [mode, setMode] = useState<ConsultationMode>('multiple')
  // null = the default for the mode: up to 3 in multiple mode, every topic in ranking mode.
  const [maxChoices, setMaxChoices] = useState<number | null>(null)
  const [topics, setTopics] = useState<PickedTopic[]>([])
  const [custom, setCustom] = useState('')
  const [showAllCatalog, setShowAllCatalog] = useState(false)
  const [allowSuggestions, setAllowSuggestions] = useState(true)
  const [visibility, setVisibility] = useState<ResultsVisibility>('after_vote')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)

  const { opensAt, closesAt } = useMemo(() => {
    const start = startLater ? (() => { const d = addDays(new Date(), 1); d.setHours(8, 0, 0, 0); return d })() : new Date()
    return { opensAt: start, closesAt: addDays(start, days) }
  }, [startLater, days])

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
    const e: Record<string, string> = {}
    if (!title.trim()) e.title = '请填写标题'
    if (!regionCode) e.regionCode = '请选择范围'
    if (industries.length === 0) e.industries = '请至少选一个行业'
    if (topics.length < CONSULTATION_LIMITS.minTopics) e.topics = `请至少选 ${CONSULTATION_LIMITS.minTopics} 个议题`
    setErrors(e)
    if (Object.keys(e).length) return toast.info(Object.values(e)[0])
    setSaving(true)
    try {
      const created = await createConsultation({
        title: title.trim(),
        description: description.trim() || undefined,
        regionCode: regionCode!,
        industries,
        opensAt: opensAt.toISOString(),
        closesAt: closesAt.toISOString(),
        mode,
        maxChoices: effectiveMax,
        topics: topics.map(({ code, title: t }) => (code ? { code } : { title: t })),
        allowSuggestions,
        resultsVisibility: visibility,
      })
      toast.success('已发起')
      setTimeout(() => Taro.redirectTo({ url: ROUTES.organizerResults(created.id) }), 600)
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) {
        setErrors(Object.fromEntries(err.fields.map((f) => [f.field.startsWith('topics') ? 'topics' : f.field, f.message])))
      }
      toast.error(err)
    } finally {
      setSaving(false)
    }
  }

  if (!user || (user.role !== 'organizer' && user.role !== 'admin')) {
    return <View className='page'><StateView status='empty' title='需要工会工作人员账号' /></View>
  }

  return (
    <View className='page create-page'>
      <TextField id='c-title' label='标题' value={title} onChange={setTitle} maxlength={CONSULTATION_LIMITS.titleMax}
        placeholder='例如：2025年外卖骑手协商议题征集' error={errors.title} />
      <TextField id='c-description' label='说明（选填）' value={description} onChange={setDescription} multiline
        maxlength={CONSULTATION_LIMITS.descriptionMax} placeholder='告诉大家为什么征集、结果怎么用' error={errors.description} />

      <RegionPicker id='c-region' label='征集范围' value={regionCode} onChange={(c) => setRegionCode(c)} error={errors.regionCode}
        hint='这个地区及下属地区的劳动者可以参与' />
      <Field label='行业' error={errors.industries}>
        <Chips idPrefix='c-industry' className='c-industry' options={INDUSTRIES.map((i) => ({ value: i, label: INDUSTRY_LABELS[i] }))}
          selected={industries} onToggle={(i) => setIndustries(industries.includes(i) ? industries.filter((x) => x !== i) : [...industries, i])} />
      </Field>

      <Field label='时间' hint={`${formatDateTime(opensAt.toISOString())} 开始，${formatDateTime(closesAt.toISOString())} 截止`} error={errors.closesAt ?? errors.opensAt}>
        <Chips idPrefix='c-start' options={[{ value: 'now', label: '立即开始' }, { value: 'later', label: '明天 8 点开始' }]}
          selected={[startLater ? 'later' : 'now']} onToggle={(v) => setStartLater(v === 'later')} />
        <View className='c-gap' />
        <Chips idPrefix='c-duration' options={DURATIONS.map((d) => ({ value: String(d), label: `征集 ${d} 天` }))}
          selected={[String(days)]} onToggle={(v) => setDays(Number(v))} />
      </Field>

      <Field label='投票方式' hint={MODE_HINTS[mode]} error={errors.mode}>
        <Chips idPrefix='c-mode' options={MODES.map((m) => ({ value: m, label: CONSULTATION_MODE_LABELS[m] }))} selected={[mode]} onToggle={setMode} />
      </Field>
      {mode !== 'single' && (
        <Field label={mode === 'multiple' ? '每人最多选' : '每人最多排'} error={errors.maxChoices}>
          <View className='c-stepper'>
            <View id='c-max-minus' className='c-step-btn' hoverClass='c-step-hover' onClick={() => setMaxChoices(Math.max(1, effectiveMax - 1))}>−</View>
            <View className='c-step-value' id='c-max'>{effectiveMax} 个</View>
            <View id='c-max-plus' className='c-step-btn' hoverClass='c-step-hover' onClick={() => setMaxChoices(Math.min(n, effectiveMax + 1))}>+</View>
          </View>
        </Field>
      )}

      <Field label={`议题（已选 ${topics.length} 个，${CONSULTATION_LIMITS.minTopics}–${CONSULTATION_LIMITS.maxTopics} 个）`} error={errors.topics}>
        {topics.length > 0 && (
          <View className='c-picked'>
            {topics.map((t, i) => (
              <View key={t.key} className='c-picked-item'>
                <View className='grow'>{i + 1}. {t.title}{t.code ? '' : '（自定义）'}</View>
                <View className='c-picked-remove' hoverClass='c-step-hover' onClick={() => setTopics(topics.filter((x) => x.key !== t.key))}>移除</View>
              </View>
            ))}
          </View>
        )}
        <Card className='c-catalog'>
          <View className='c-catalog-title'>从标准议题中选</View>
          {catalog.loading && !catalog.data ? <StateView status='loading' /> : catalog.error && !catalog.data ? <ErrorState error={catalog.error} onRetry={catalog.reload} /> : (
            <View>
              {catalogShown.map((t) => (
                <View key={t.code} id={`catalog-${t.code}`} className={`catalog-topic ${isPicked(t.code) ? 'catalog-topic-on' : ''}`} hoverClass='c-step-hover' onClick={() => toggleCatalog(t)}>
                  <View className={`topic-box ${isPicked(t.code) ? 'topic-box-on' : ''}`}>{isPicked(t.code) ? '✓' : ''}</View>
                  <View className='grow'>
                    <View className='catalog-topic-title'>{t.title}</View>
                    <View className='muted'>{t.description}</View>
                  </View>
                </View>
              ))}
              <View className='c-more' id='c-catalog-more' onClick={() => setShowAllCatalog(!showAllCatalog)}>
                {showAllCatalog ? '只看新就业形态议题' : '显示企业协商和质量议题'}
              </View>
            </View>
          )}
        </Card>
        <View className='c-custom'>
          <TextField id='c-custom-title' label='添加自己的议题' value={custom} onChange={setCustom} maxlength={CONSULTATION_LIMITS.topicTitleMax} placeholder='例如：电动车充电和换电' />
          <Button id='c-custom-add' type='secondary' size='medium' disabled={!custom.trim()} onClick={addCustom}>添加这个议题</Button>
        </View>
      </Field>

      <Field label='其他设置'>
        <View className='c-switch-row'>
          <View className='grow'>允许劳动者写文字建议</View>
          <Switch id='c-suggestions' checked={allowSuggestions} color='#b3261e' onChange={(e) => setAllowSuggestions(e.detail.value)} />
        </View>
        <View className='c-gap' />
        <Chips idPrefix='c-visibility' options={[{ value: 'after_vote', label: '投票后就能看结果' }, { value: 'after_close', label: '结束后才公布结果' }]}
          selected={[visibility]} onToggle={(v) => setVisibility(v as ResultsVisibility)} />
      </Field>

      <View className='bottom-bar-spacer' />
      <View className='bottom-bar'>
        <Button id='c-submit' loading={saving} loadingText='正在发起…' onClick={submit}>发起征集</Button>
      </View>
    </View>
  )
}
