// 记录协商会议: works without network. Every keystroke lands in a draft on the phone (debounced); 保存 queues it
// and it is sent with its clientId whenever the network allows — sending twice creates nothing twice.
import { useEffect, useMemo, useRef, useState } from 'react'
import { Picker, Switch, View } from '@tarojs/components'
import Taro, { useDidHide, useRouter, useUnload } from '@tarojs/taro'
import type { SessionType, TopicOutcome } from '@xst/shared-types'
import {
  MIN_REPRESENTATIVES_PER_SIDE,
  MINUTES_MAX_LENGTH,
  SESSION_TYPE_LABELS,
  TOPIC_OUTCOMES,
  TOPIC_OUTCOME_LABELS,
} from '@xst/shared-types'
import { IS_WEAPP } from '../../api/client'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Chips } from '../../components/Chips'
import { Field, TextField } from '../../components/Field'
import { StateView } from '../../components/StateView'
import { Stepper } from '../../components/Stepper'
import { toast } from '../../components/toast'
import { showProblems } from '../../hooks/useFieldErrors'
import { useSession } from '../../hooks/useSession'
import {
  checkSessionForm,
  debounced,
  emptySessionForm,
  getSessionDraft,
  newSessionDraft,
  openDraftFor,
  putSessionDraft,
  queueSessionDraft,
  startSessionAutoSync,
  syncSessionDrafts,
  type SessionDraft,
  type SessionForm,
} from '../../utils/drafts'
import { SESSION_ROUTES, cachedInvitations, invitationTitle } from '../shared'
import '../styles.css'
import { pageStyle } from '../../utils/comfort'

const TYPES: SessionType[] = ['negotiation', 'consultation_meeting']

/** The names of the fields, for a toast that names each one still to do. */
const SESSION_LABELS: Record<string, string> = {
  heldAt: '会议时间',
  place: '会议地点',
  'workerSide.chief': '职工方首席代表',
  'employerSide.chief': '企业方首席代表',
  'workerSide.count': '职工方人数',
  'employerSide.count': '企业方人数',
  recorder: '记录员',
  topics: '议题',
  minutes: '会议纪要',
  'suspended.nextAt': '下次会议时间',
  'suspended.nextPlace': '下次会议地点',
}

/** A date or time row that opens the phone's own picker. */
function PickerRow({
  mode,
  value,
  onChange,
  placeholder,
  id,
  error,
}: {
  mode: 'date' | 'time'
  value: string
  onChange: (v: string) => void
  placeholder: string
  id: string
  error?: boolean
}) {
  return (
    <Picker mode={mode} value={value} onChange={(e) => onChange(String(e.detail.value))}>
      <View id={id} className={`xfield-choice ${error ? 'xfield-invalid' : ''}`} hoverClass="xfield-choice-hover">
        <View className={value ? 'xfield-choice-value' : 'xfield-choice-placeholder'}>{value || placeholder}</View>
        <View className="xfield-chevron">›</View>
      </View>
    </Picker>
  )
}

function savedAtText(iso: string): string {
  const d = new Date(iso)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

export default function SessionFormPage() {
  const user = useSession()
  const { params } = useRouter()
  const invitationId = params.invitationId ?? ''
  const invitation = useMemo(() => cachedInvitations().find((i) => i.id === invitationId), [invitationId])

  /** The draft this page edits: an existing one (clientId), the unfinished one of this invitation, or a new one. */
  const [draft, setDraft] = useState<SessionDraft | null>(() => {
    if (!user) return null
    const existing = params.clientId ? getSessionDraft(params.clientId) : openDraftFor(invitationId)
    if (existing) return existing
    if (!invitationId) return null
    return newSessionDraft(
      invitationId,
      invitation ? invitationTitle(invitation) : '协商会议',
      emptySessionForm(invitation?.topics.map((t) => t.title) ?? []),
    )
  })
  const resumed = useRef(!!draft && draft.status === 'editing' && !params.clientId && !!openDraftFor(invitationId))
  const [stored, setStored] = useState<boolean>(() => !!draft && !!getSessionDraft(draft.clientId))
  const [errors, setErrors] = useState<Record<string, string>>(() => fieldMap(draft))
  // Errors the server gave (a refused record): the phone cannot re-check them, they go when their field changes.
  const serverKeys = useRef(new Set(Object.keys(fieldMap(draft))))
  const [saving, setSaving] = useState(false)
  const draftRef = useRef(draft)
  draftRef.current = draft

  const saver = useMemo(
    () =>
      debounced(() => {
        const d = draftRef.current
        if (!d) return
        putSessionDraft(d)
        setStored(true)
      }, 400),
    [],
  )

  useEffect(() => {
    startSessionAutoSync()
    // H5: a reload or a closed tab must not lose the last keystrokes still waiting for the debounce.
    if (IS_WEAPP || typeof window === 'undefined') return
    const flush = () => saver.flush()
    window.addEventListener('pagehide', flush)
    window.addEventListener('beforeunload', flush)
    return () => {
      window.removeEventListener('pagehide', flush)
      window.removeEventListener('beforeunload', flush)
    }
  }, [saver])
  useDidHide(() => saver.flush())
  useUnload(() => saver.flush())

  if (!user || (user.role !== 'organizer' && user.role !== 'admin')) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工会工作人员账号" message="请用工会工作人员账号登录后记录协商会议。" />
      </View>
    )
  }
  if (!draft) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="找不到这条记录"
          message="请回到协商会议列表，重新选择要约。"
          action={<Button onClick={() => Taro.redirectTo({ url: SESSION_ROUTES.list })}>回到列表</Button>}
        />
      </View>
    )
  }
  if (user.role !== 'organizer') {
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="由工会工作人员记录" message="管理员账号可以查看会议记录，记录请由工会工作人员填写。" />
      </View>
    )
  }

  const f = draft.form
  const update = (patch: Partial<SessionForm>) => {
    const now = new Date().toISOString()
    const next: SessionDraft = {
      ...draft,
      form: { ...draft.form, ...patch },
      status: draft.status === 'synced' ? 'synced' : 'editing',
      updatedAt: now,
    }
    setDraft(next)
    // As soon as a field is right again its message goes; one still wrong shows the current reason.
    const changed = Object.keys(patch)
    const stillWrong = checkSessionForm(next.form)
    setErrors((old) => {
      const kept: Record<string, string> = {}
      for (const [k, message] of Object.entries(old)) {
        if (stillWrong[k]) kept[k] = stillWrong[k]
        else if (serverKeys.current.has(k) && !changed.some((c) => relates(c, k))) kept[k] = message
        else serverKeys.current.delete(k)
      }
      return kept
    })
    saver.schedule()
  }
  const setTopic = (i: number, patch: Partial<{ title: string; outcome: TopicOutcome; note: string }>) =>
    update({ topics: f.topics.map((t, j) => (j === i ? { ...t, ...patch } : t)) })

  const save = async () => {
    const e = checkSessionForm(f, invitation?.sentAt ?? null)
    serverKeys.current.clear()
    setErrors(e)
    if (Object.keys(e).length) {
      saver.flush()
      showProblems(e, SESSION_LABELS)
      return
    }
    saver.cancel()
    setSaving(true)
    const queued = queueSessionDraft(draft)
    setDraft(queued)
    setStored(true)
    const result = await Promise.race([syncSessionDrafts(), new Promise<null>((r) => setTimeout(() => r(null), 8000))])
    setSaving(false)
    const now = getSessionDraft(queued.clientId)
    if (now?.status === 'synced') toast.success('已同步')
    else if (now?.status === 'rejected') {
      setDraft(now)
      serverKeys.current = new Set(Object.keys(fieldMap(now)))
      setErrors(fieldMap(now))
      toast.info(now.error ?? '请按提示修改')
      return
    } else toast.info(result?.error ? '已存在手机上，有网后自动同步' : '已存在手机上，正在同步')
    setTimeout(() => Taro.redirectTo({ url: SESSION_ROUTES.list }), 700)
  }

  const sidesOk =
    f.type === 'negotiation'
      ? f.workerCount === f.employerCount && f.workerCount >= MIN_REPRESENTATIVES_PER_SIDE
      : f.workerCount >= 1 && f.employerCount >= 1
  const rejectedUnplaced = draft.status === 'rejected' && draft.error && !(draft.fields ?? []).some((x) => knownField(x.field))

  return (
    <View className="page ps-form" style={pageStyle()}>
      <View className="ps-form-head">
        <View className="ps-form-title">{draft.invitationTitle}</View>
        <View id="session-form-status" className={`ps-status ps-status-${draft.status}`}>
          {draft.status === 'rejected'
            ? `服务器没有接收：${draft.error ?? '请按提示修改'}。改好后再点保存。`
            : draft.status === 'queued'
              ? '已保存，未同步：有网后自动发送。修改后请再点保存。'
              : draft.status === 'synced'
                ? '已同步到服务器。'
                : stored
                  ? `草稿已存在手机上（${savedAtText(draft.updatedAt)}），没网也不会丢。`
                  : '边写边存在手机上，没网也能记录。'}
        </View>
        {resumed.current && <View className="muted ps-resumed">已接着上次没写完的记录继续。</View>}
      </View>

      <Card className="ps-rules" id="session-rules">
        <View className="ps-rules-title">保存前请核对</View>
        <View className="ps-rule">· 正式协商：双方代表人数相等，每方至少 {MIN_REPRESENTATIVES_PER_SIDE} 人，各有 1 名首席代表。</View>
        <View className="ps-rule">· 恳谈会、协调会：双方都有代表参加即可。</View>
        <View className="ps-rule">· 记录员不能是首席代表；纪要最多 {MINUTES_MAX_LENGTH} 字。</View>
      </Card>

      <Field label="会议类型" error={errors.type}>
        <Chips
          idPrefix="sf-type"
          options={TYPES.map((t) => ({ value: t, label: SESSION_TYPE_LABELS[t] }))}
          selected={[f.type]}
          onToggle={(t) => update({ type: t })}
        />
      </Field>

      <Field label="会议时间" error={errors.heldAt}>
        <View className="ps-two">
          <View className="ps-two-item">
            <PickerRow
              id="sf-date"
              mode="date"
              value={f.heldDate}
              onChange={(v) => update({ heldDate: v })}
              placeholder="日期"
              error={!!errors.heldAt}
            />
          </View>
          <View className="ps-two-item">
            <PickerRow
              id="sf-time"
              mode="time"
              value={f.heldTime}
              onChange={(v) => update({ heldTime: v })}
              placeholder="时间"
              error={!!errors.heldAt}
            />
          </View>
        </View>
      </Field>

      <Field label="开会方式">
        <Chips
          idPrefix="sf-online"
          options={[
            { value: 'offline', label: '线下' },
            { value: 'online', label: '线上' },
          ]}
          selected={[f.online ? 'online' : 'offline']}
          onToggle={(v) => update({ online: v === 'online' })}
        />
      </Field>
      <TextField
        id="sf-place"
        label={f.online ? '会议平台或地点（选填）' : '会议地点'}
        value={f.place}
        onChange={(v) => update({ place: v })}
        maxlength={100}
        placeholder={f.online ? '例如：腾讯会议' : '例如：成都市总工会 3 楼会议室'}
        error={errors.place}
      />

      <View className="section-title">双方代表</View>
      <Card className="ps-side">
        <View className="ps-side-title">职工方</View>
        <TextField
          id="sf-worker-chief"
          label="首席代表"
          value={f.workerChief}
          onChange={(v) => update({ workerChief: v })}
          maxlength={40}
          placeholder="姓名"
          error={errors['workerSide.chief']}
        />
        <Field label="代表人数" error={errors['workerSide.count']}>
          <Stepper id="sf-worker-count" value={f.workerCount} onChange={(n) => update({ workerCount: n })} />
        </Field>
      </Card>
      <Card className="ps-side">
        <View className="ps-side-title">企业方</View>
        <TextField
          id="sf-employer-chief"
          label="首席代表"
          value={f.employerChief}
          onChange={(v) => update({ employerChief: v })}
          maxlength={40}
          placeholder="姓名"
          error={errors['employerSide.chief']}
        />
        <Field label="代表人数" error={errors['employerSide.count']}>
          <Stepper id="sf-employer-count" value={f.employerCount} onChange={(n) => update({ employerCount: n })} />
        </Field>
      </Card>
      <View id="sf-sides-check" className={`ps-check ${sidesOk ? 'ps-check-ok' : 'ps-check-bad'}`}>
        {sidesOk
          ? f.type === 'negotiation'
            ? `✓ 双方各 ${f.workerCount} 人，人数相等`
            : '✓ 双方都有代表'
          : f.type === 'negotiation'
            ? `正式协商需要双方人数相等且每方至少 ${MIN_REPRESENTATIVES_PER_SIDE} 人`
            : '双方都要有代表'}
      </View>

      <TextField
        id="sf-recorder"
        label="记录员（选填）"
        value={f.recorder}
        onChange={(v) => update({ recorder: v })}
        maxlength={40}
        placeholder="不属于任何一方的人"
        error={errors.recorder}
      />

      <Field label={`议题和进展（${f.topics.length} 个）`} error={errors.topics}>
        {f.topics.map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: every input here is controlled by the form values, so a shifted index shows the right text
          <Card key={i} className="ps-topic">
            <View className="row-between">
              <View className="ps-topic-n">议题 {i + 1}</View>
              {f.topics.length > 1 && (
                <View
                  id={`sf-topic-remove-${i}`}
                  className="ps-link"
                  hoverClass="ps-hover"
                  onClick={() => update({ topics: f.topics.filter((_, j) => j !== i) })}
                >
                  删除
                </View>
              )}
            </View>
            <TextField
              id={`sf-topic-title-${i}`}
              label="议题"
              value={t.title}
              onChange={(v) => setTopic(i, { title: v })}
              maxlength={60}
              placeholder="例如：抽成比例"
              error={errors[`topics[${i}].title`]}
            />
            <Chips
              idPrefix={`sf-topic-${i}`}
              options={TOPIC_OUTCOMES.map((o) => ({ value: o, label: TOPIC_OUTCOME_LABELS[o] }))}
              selected={[t.outcome]}
              onToggle={(o) => setTopic(i, { outcome: o })}
            />
            <View className="ps-gap" />
            <TextField
              id={`sf-topic-note-${i}`}
              label="说明（选填）"
              value={t.note}
              onChange={(v) => setTopic(i, { note: v })}
              maxlength={500}
              placeholder="双方的意见、达成的内容"
              error={errors[`topics[${i}].note`]}
            />
          </Card>
        ))}
        {f.topics.length < 30 && (
          <Button
            id="sf-topic-add"
            type="secondary"
            size="medium"
            onClick={() => update({ topics: [...f.topics, { title: '', outcome: 'open', note: '' }] })}
          >
            添加议题
          </Button>
        )}
      </Field>

      <TextField
        id="sf-minutes"
        label="会议纪要"
        value={f.minutes}
        onChange={(v) => update({ minutes: v })}
        multiline
        maxlength={MINUTES_MAX_LENGTH}
        placeholder="按议程记录：议程和规则、一方要求和另一方答复、讨论情况、总结。"
        error={errors.minutes}
        hint={`${f.minutes.length} / ${MINUTES_MAX_LENGTH} 字`}
      />

      <Field label="本次协商中止">
        <View className="ps-switch-row">
          <View className="grow">约定了下次会议的时间和地点</View>
          <Switch id="sf-suspended" checked={f.suspended} color="#b3261e" onChange={(e) => update({ suspended: e.detail.value })} />
        </View>
      </Field>
      {f.suspended && (
        <Card className="ps-next">
          <Field label="下次会议时间" error={errors['suspended.nextAt']}>
            <View className="ps-two">
              <View className="ps-two-item">
                <PickerRow
                  id="sf-next-date"
                  mode="date"
                  value={f.nextDate}
                  onChange={(v) => update({ nextDate: v })}
                  placeholder="选择日期"
                  error={!!errors['suspended.nextAt']}
                />
              </View>
              <View className="ps-two-item">
                <PickerRow id="sf-next-time" mode="time" value={f.nextTime} onChange={(v) => update({ nextTime: v })} placeholder="时间" />
              </View>
            </View>
          </Field>
          <TextField
            id="sf-next-place"
            label="下次会议地点"
            value={f.nextPlace}
            onChange={(v) => update({ nextPlace: v })}
            maxlength={100}
            error={errors['suspended.nextPlace']}
          />
          <TextField
            id="sf-next-topics"
            label="下次议题（选填）"
            value={f.nextTopics}
            onChange={(v) => update({ nextTopics: v })}
            multiline
            maxlength={600}
            placeholder="每行一个，或用顿号隔开"
            error={errors['suspended.nextTopics']}
          />
        </Card>
      )}

      {rejectedUnplaced && <View className="error-text ps-bottom-error">{draft.error}</View>}
      <View className="bottom-bar-spacer" />
      <View className="bottom-bar">
        <Button id="session-save" loading={saving} loadingText="正在保存…" onClick={save}>
          {draft.status === 'synced' ? '已同步' : '保存'}
        </Button>
      </View>
    </View>
  )
}

const FORM_FIELDS = [
  'type',
  'heldAt',
  'place',
  'online',
  'workerSide.chief',
  'workerSide.count',
  'employerSide.chief',
  'employerSide.count',
  'recorder',
  'topics',
  'minutes',
  'suspended.nextAt',
  'suspended.nextPlace',
  'suspended.nextTopics',
]
const knownField = (field: string) => FORM_FIELDS.includes(field) || /^topics\[\d+\]\.(title|note)$/.test(field)

/** The server's field messages of a refused draft, on the fields they name (nested names as the server gives them). */
function fieldMap(d: SessionDraft | null): Record<string, string> {
  if (d?.status !== 'rejected') return {}
  const out: Record<string, string> = {}
  for (const x of d.fields ?? []) {
    const key = /^topics\[\d+\]$/.test(x.field)
      ? `${x.field}.title`
      : x.field.startsWith('topics') && !knownField(x.field)
        ? 'topics'
        : x.field
    out[key] = x.message
  }
  return out
}

/** Whether editing form key `changed` clears the error of server field `errKey`. */
function relates(changed: string, errKey: string): boolean {
  const map: Record<string, string[]> = {
    heldDate: ['heldAt'],
    heldTime: ['heldAt'],
    place: ['place'],
    online: ['place'],
    type: ['type', 'workerSide.count', 'employerSide.count'],
    workerChief: ['workerSide.chief', 'employerSide.chief', 'recorder'],
    employerChief: ['employerSide.chief', 'recorder'],
    workerCount: ['workerSide.count', 'employerSide.count'],
    employerCount: ['employerSide.count', 'workerSide.count'],
    recorder: ['recorder'],
    minutes: ['minutes'],
    nextDate: ['suspended.nextAt'],
    nextTime: ['suspended.nextAt'],
    nextPlace: ['suspended.nextPlace'],
    nextTopics: ['suspended.nextTopics'],
    suspended: ['suspended.nextAt', 'suspended.nextPlace'],
  }
  if (changed === 'topics') return errKey.startsWith('topics')
  return (map[changed] ?? []).includes(errKey)
}
