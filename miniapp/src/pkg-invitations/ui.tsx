// Pieces the invitation pages (and the enterprise workbench) share: routes, who-is-who, the list item, date pickers.
import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import type { Invitation, InvitationStatus, User } from '@xst/shared-types'
import { INVITATION_PAGE, INVITATION_STATUS_LABELS, SCOPE_LABELS } from '@xst/shared-types'
import { Button } from '../components/Button'
import { Card } from '../components/Card'
import { Field, TextField } from '../components/Field'
import { formatDate, formatDay } from '../utils/time'
import './ui.css'
import { a11y } from '../utils/a11y'

export const INV_ROUTES = {
  list: (tab?: 'sent' | 'received') => `/pkg-invitations/list/index${tab ? `?tab=${tab}` : ''}`,
  compose: '/pkg-invitations/compose/index',
  detail: (id: string) => `/${INVITATION_PAGE}?id=${id}`,
}

/** Statuses in which the receiving side still owes a written answer. */
const AWAITING: InvitationStatus[] = ['sent', 'overdue', 'escalated']

export const awaitingReply = (inv: Invitation) => !inv.reply && AWAITING.includes(inv.status)
export const isReceiver = (user: User | null, inv: Invitation) => !!user?.organizationId && user.organizationId === inv.toOrganizationId
export const isSender = (user: User | null, inv: Invitation) =>
  !!user?.organizationId && user.organizationId === inv.fromOrganizationId && (user.role === 'organizer' || user.role === 'enterprise')
/** Past the due time without a reply (the server reads it as overdue at once; escalated ones stay overdue too). */
export const isOverdue = (inv: Invitation) =>
  awaitingReply(inv) && (inv.status === 'overdue' || (inv.daysLeft !== null && inv.daysLeft < 0))

export function statusBadgeClass(status: InvitationStatus): string {
  switch (status) {
    case 'accepted':
      return 'badge badge-green'
    case 'sent':
      return 'badge badge-blue'
    case 'draft':
    case 'withdrawn':
      return 'badge badge-grey'
    default:
      return 'badge'
  }
}

export function StatusBadge({ status }: { status: InvitationStatus }) {
  return <View className={`${statusBadgeClass(status)} inv-status inv-status-${status}`}>{INVITATION_STATUS_LABELS[status]}</View>
}

/** The answer clock in one line: days left, overdue, or how it was answered. */
export function DueLine({ inv }: { inv: Invitation }) {
  if (inv.status === 'draft') return <View className="inv-due muted">草稿，还没有发出</View>
  if (inv.status === 'withdrawn')
    return <View className="inv-due muted">已撤回{inv.withdrawnAt ? ` · ${formatDate(inv.withdrawnAt)}` : ''}</View>
  if (inv.reply) {
    return (
      <View className="inv-due row">
        <View className="grow">
          {formatDate(inv.reply.repliedAt)} {inv.reply.decision === 'accept' ? '已应约' : '已拒绝'}
        </View>
        {inv.reply.late && <View className="badge inv-late-badge">逾期答复</View>}
      </View>
    )
  }
  // The last day as the server counts it (from receipt, a last day in a holiday moved after it), to 24:00.
  const due = inv.replyLastDay ? `截止 ${formatDay(inv.replyLastDay)}` : ''
  if (!inv.replyLastDay && awaitingReply(inv)) {
    return <View className="inv-due muted">对方收到后起算 {inv.replyDays ?? 20} 日答复期限</View>
  }
  if (isOverdue(inv)) {
    const days = inv.daysLeft !== null && inv.daysLeft < 0 ? -inv.daysLeft : 0
    return (
      <View className="inv-due row">
        <View className="badge inv-overdue-badge">{days > 0 ? `已逾期 ${days} 天` : '今天已到期'}</View>
        <View className="grow inv-due-date">{due}</View>
      </View>
    )
  }
  if (inv.daysLeft === null) return null
  const urgent = inv.daysLeft <= 5
  return (
    <View className="inv-due row">
      <View className={`inv-days ${urgent ? 'inv-days-urgent' : ''}`}>
        {inv.daysLeft === 0 ? (
          '今天到期'
        ) : (
          <>
            还剩 <View className="inv-days-n">{inv.daysLeft}</View> 天
          </>
        )}
      </View>
      <View className="grow inv-due-date">{due}</View>
    </View>
  )
}

export interface InvitationItemProps {
  inv: Invitation
  /** Whose name heads the card: the receiver for sent ones, the sender for received ones. */
  direction: 'sent' | 'received'
  onClick: () => void
  /** A call to action under the card (e.g. 去答复). */
  action?: { label: string; id?: string }
}

export function InvitationItem({ inv, direction, onClick, action }: InvitationItemProps) {
  const counterpart = direction === 'sent' ? inv.toOrganizationName : inv.fromOrganizationName
  const topics = inv.topics.map((t) => t.title).join('、')
  return (
    <Card
      id={`inv-item-${inv.id}`}
      className={`inv-item ${isOverdue(inv) ? 'inv-item-overdue' : ''}`}
      onClick={onClick}
      title={
        <>
          <View className="inv-item-to muted">{direction === 'sent' ? '发给' : '来自'}</View>
          {counterpart}
        </>
      }
      extra={<StatusBadge status={inv.status} />}
    >
      <View className="muted inv-item-meta">
        {SCOPE_LABELS[inv.scope]}协商 · {inv.topics.length} 个议题
        {inv.onBehalfOfOrganizationName ? ` · 代${inv.onBehalfOfOrganizationName}` : ''}
        {direction === 'sent' && inv.status !== 'draft' && inv.status !== 'withdrawn' && !inv.reply
          ? inv.receivedAt
            ? ' · 对方已查看'
            : ' · 对方未查看'
          : ''}
      </View>
      <View className="inv-item-topics">{topics}</View>
      <DueLine inv={inv} />
      {action && (
        <View className="inv-item-action">
          <Button id={action.id} className="inv-item-cta" size="medium" onClick={onClick}>
            {action.label}
          </Button>
        </View>
      )}
    </Card>
  )
}

const pad = (n: number) => String(n).padStart(2, '0')
/** The phone's calendar day of `d` (now by default), 'YYYY-MM-DD'. */
export const todayDate = (d = new Date()) => {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
const dateLabel = (v: string) => {
  const [y, m, d] = v.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** A tap-to-pick calendar date 'YYYY-MM-DD' (WeChat's native picker; Taro's own in the browser). */
export function DateField({
  label,
  value,
  onChange,
  start,
  end,
  hint,
  error,
  id,
  placeholder = '选择日期',
}: {
  label: string
  value: string
  onChange: (v: string) => void
  start?: string
  end?: string
  hint?: string
  error?: string
  id?: string
  placeholder?: string
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      <Picker mode="date" value={value || todayDate()} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
        <View id={id} className={`xfield-choice ${error ? 'xfield-invalid' : ''}`} hoverClass="xfield-choice-hover">
          <View className={value ? 'xfield-choice-value' : 'xfield-choice-placeholder'}>{value ? dateLabel(value) : placeholder}</View>
          <View className="xfield-chevron">›</View>
        </View>
      </Picker>
    </Field>
  )
}

/** An optional meeting time: date and time pickers side by side, with a way to clear it. Value: local 'YYYY-MM-DD' + 'HH:mm'. */
export function MeetingTimeField({
  label,
  date,
  time,
  onChange,
  hint,
  error,
  idPrefix,
}: {
  label: string
  date: string
  time: string
  onChange: (date: string, time: string) => void
  hint?: string
  error?: string
  idPrefix: string
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      <View className="inv-when">
        <Picker
          className="inv-when-pick-date"
          mode="date"
          value={date || todayDate()}
          start={todayDate()}
          onChange={(e) => onChange(String(e.detail.value), time || '09:30')}
        >
          <View
            id={`${idPrefix}-date`}
            className={`xfield-choice inv-when-date ${error ? 'xfield-invalid' : ''}`}
            hoverClass="xfield-choice-hover"
          >
            <View className={date ? 'xfield-choice-value' : 'xfield-choice-placeholder'}>{date ? dateLabel(date) : '选择日期'}</View>
          </View>
        </Picker>
        <Picker
          className="inv-when-pick-time"
          mode="time"
          value={time || '09:30'}
          onChange={(e) => onChange(date || todayDate(), String(e.detail.value))}
        >
          <View
            id={`${idPrefix}-time`}
            className={`xfield-choice inv-when-time ${error ? 'xfield-invalid' : ''}`}
            hoverClass="xfield-choice-hover"
          >
            <View className={date ? 'xfield-choice-value' : 'xfield-choice-placeholder'}>{date ? time : '时间'}</View>
          </View>
        </Picker>
      </View>
      {date && (
        <View {...a11y('button')} id={`${idPrefix}-clear`} className="inv-link" onClick={() => onChange('', '')}>
          不定时间，由双方商定
        </View>
      )}
    </Field>
  )
}

/** Local date + time → ISO instant, or undefined when no date was picked. */
export function toInstant(date: string, time: string): string | undefined {
  if (!date) return undefined
  const [y, m, d] = date.split('-').map(Number)
  const [hh, mm] = (time || '09:30').split(':').map(Number)
  return new Date(y, m - 1, d, hh, mm).toISOString()
}

/** A free-text topic: type it, add it, see it as a removable tag. */
export function TopicAdder({
  label,
  topics,
  onChange,
  max,
  idPrefix,
  hint,
  showTags = true,
}: {
  /** False when the page lists the topics itself. */
  showTags?: boolean
  label: string
  topics: string[]
  onChange: (topics: string[]) => void
  max: number
  idPrefix: string
  hint?: string
}) {
  const [text, setText] = useState('')
  const [error, setError] = useState('')
  const add = () => {
    const t = text.trim()
    if (!t) return
    if (topics.includes(t)) return setError('这个议题已经有了')
    if (topics.length >= max) return setError(`最多 ${max} 个议题`)
    onChange([...topics, t])
    setText('')
    setError('')
  }
  return (
    <View>
      <View className="inv-add-row">
        <TextField
          id={`${idPrefix}-input`}
          label={label}
          value={text}
          onChange={(v) => {
            setText(v)
            setError('')
          }}
          maxlength={40}
          placeholder="例如：电动车充电和换电"
          hint={hint}
          error={error}
        />
        <View className="inv-add-btn">
          <Button id={`${idPrefix}-add`} type="secondary" size="small" block={false} disabled={!text.trim()} onClick={add}>
            添加
          </Button>
        </View>
      </View>
      {showTags && topics.length > 0 && (
        <View className="inv-tag-list">
          {topics.map((t) => (
            <View key={t} className="inv-tag">
              <View>{t}</View>
              <View
                {...a11y('button', `去掉议题：${t}`)}
                className="inv-tag-x"
                hoverClass="inv-check-hover"
                onClick={() => onChange(topics.filter((x) => x !== t))}
              >
                ×
              </View>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
