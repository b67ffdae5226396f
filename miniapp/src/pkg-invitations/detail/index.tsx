// One invitation: the parties, the answer clock, the topics and letter, the reply form for the receiving side,
// withdrawal for the sender, and the escalation chain (两书一公告) when the answer does not come.
// WeChat subscribe messages open this page with ?id= (INVITATION_PAGE).
import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import type { EscalationStep, Invitation, InvitationSmsNotice, ReplyDecision, User } from '@xst/shared-types'
import { ESCALATION_STEP_DESCRIPTIONS, ESCALATION_STEP_LABELS, ESCALATION_STEPS, SCOPE_LABELS } from '@xst/shared-types'
import { getResultsOrHidden } from '../../api/consultations'
import { ApiError } from '../../api/errors'
import { askSubscribe, canSubscribe, loadSubscriptions } from '../../api/subscriptions'
import {
  escalateInvitation,
  getInvitation,
  getOrganization,
  openLetter,
  recordDelivery,
  replyInvitation,
  sendInvitation,
  withdrawInvitation,
} from '../../api/invitations'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { TextField } from '../../components/Field'
import { PublicationNote, UnpublishedState } from '../../components/Publication'
import { ResultBars } from '../../components/ResultBars'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { type Errors, useFieldErrors } from '../../hooks/useFieldErrors'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'
import { formatDate, formatDateTime, formatDay } from '../../utils/time'
import {
  DateField,
  INV_ROUTES,
  MeetingTimeField,
  StatusBadge,
  TopicAdder,
  awaitingReply,
  isOverdue,
  isReceiver,
  isSender,
  toInstant,
  todayDate,
} from '../ui'
import './index.css'
import { pageStyle } from '../../utils/comfort'

type Busy = 'send' | 'withdraw' | 'reply' | 'escalate' | 'letter' | 'delivery' | null

/** 'YYYY-MM-DD' of an instant, in the phone's time zone (the server checks against Asia/Shanghai). */
const localDate = (iso: string) => {
  const d = new Date(iso)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

export default function InvitationDetail() {
  const id = useRouter().params.id ?? ''
  const user = useSession()
  const userId = user?.id
  useEffect(() => {
    if (userId) void loadSubscriptions()
  }, [userId])
  const staff = !!user && user.role !== 'worker'
  const loaded = useLoad(() => getInvitation(id), [id, user?.id], !!id && staff)
  const inv = loaded.data
  const workers = useLoad(() => getResultsOrHidden(inv!.consultationId!), [inv?.consultationId], !!inv?.consultationId)
  const canEscalate = !!user && (user.role === 'organizer' || user.role === 'admin') && !!user.organizationId
  const ownOrg = useLoad(() => getOrganization(user!.organizationId!), [user?.organizationId], canEscalate)
  const [busy, setBusy] = useState<Busy>(null)

  usePullDownRefresh(async () => {
    await loaded.reload()
    Taro.stopPullDownRefresh()
  })

  if (!staff) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="需要工作账号"
          message="要约只对工会工作人员和企业代表开放。请先登录工作账号。"
          action={
            <Button id="inv-go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
      </View>
    )
  }
  if (!id)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="error" title="链接不完整" message="没有指明是哪份要约。请从要约列表进入。" />
      </View>
    )
  if (loaded.loading && !inv)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="loading" />
      </View>
    )
  if (loaded.error && !inv) {
    if (loaded.error instanceof ApiError && loaded.error.status === 401) {
      return (
        <View className="page" style={pageStyle()}>
          <StateView
            status="error"
            title="请先登录"
            message="登录后才能查看这份要约。"
            action={
              <Button id="inv-go-login" onClick={() => go(ROUTES.login)}>
                去登录
              </Button>
            }
          />
        </View>
      )
    }
    if (loaded.error instanceof ApiError && loaded.error.status === 404) {
      return (
        <View className="page" style={pageStyle()}>
          <StateView
            status="error"
            title="找不到这份要约"
            message={loaded.error.message}
            action={
              <Button id="inv-go-list" type="secondary" onClick={() => Taro.redirectTo({ url: INV_ROUTES.list() })}>
                回到要约列表
              </Button>
            }
          />
        </View>
      )
    }
    return (
      <View className="page" style={pageStyle()}>
        <ErrorState error={loaded.error} onRetry={loaded.reload} />
      </View>
    )
  }
  if (!inv) return null

  /** Runs one action, then shows the fresh invitation; a 409 (someone else changed it) reloads as well. */
  const act = async (kind: Busy, fn: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(kind)
    try {
      await fn()
      toast.success(done)
      await loaded.reload()
      // The form that was tapped is gone now: show the new state from the top.
      Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
      return true
    } catch (e) {
      toast.error(e)
      if (e instanceof ApiError && e.status === 409) void loaded.reload()
      return false
    } finally {
      setBusy(null)
    }
  }

  const sender = isSender(user, inv)
  const receiver = isReceiver(user, inv) && (user!.role === 'organizer' || user!.role === 'enterprise')
  const canWithdraw = sender && !inv.reply && ['draft', 'sent', 'overdue'].includes(inv.status)
  const showChain = inv.side === 'union' && (inv.escalations.length > 0 || inv.nextEscalationStep !== null)

  const withdraw = async () => {
    const { confirm } = await Taro.showModal({
      title: '撤回要约',
      content: '撤回后对方不能再答复，也不能重新发出。确定撤回吗？',
      confirmText: '撤回',
      cancelText: '不撤回',
    })
    if (confirm) await act('withdraw', () => withdrawInvitation(inv.id), '已撤回')
  }
  const send = async () => {
    // 对方答复时通知我: asked inside the tap, before anything is awaited (WeChat's rule).
    void askSubscribe('invitation_reply')
    const { confirm } = await Taro.showModal({
      title: '发出要约',
      content: `发出后${inv.toOrganizationName}会收到通知，须自收到之日起 ${inv.replyDays ?? 20} 日内书面答复。确定发出吗？`,
      confirmText: '发出',
      cancelText: '再看看',
    })
    if (confirm) await act('send', () => sendInvitation(inv.id), '已发出')
  }
  const letter = async () => {
    setBusy('letter')
    try {
      await openLetter(inv.id, `集体协商要约书-${inv.toOrganizationName}.docx`)
    } catch (e) {
      toast.error(e)
    } finally {
      setBusy(null)
    }
  }

  return (
    <View className="page inv-detail-page" style={pageStyle()}>
      <StaleBanner error={loaded.error} onRetry={loaded.reload} />

      <Card className="inv-parties" title={`${SCOPE_LABELS[inv.scope]}集体协商要约`} extra={<StatusBadge status={inv.status} />}>
        <View className="inv-kv">
          <View className="inv-k">发出方</View>
          <View className="inv-v" id="inv-from">
            {inv.fromOrganizationName}
          </View>
        </View>
        {inv.onBehalfOfOrganizationName && (
          <View className="inv-kv">
            <View className="inv-k">代行</View>
            <View className="inv-v">代{inv.onBehalfOfOrganizationName}发出</View>
          </View>
        )}
        <View className="inv-kv">
          <View className="inv-k">接收方</View>
          <View className="inv-v" id="inv-to-name">
            {inv.toOrganizationName}
          </View>
        </View>
        <View className="inv-kv">
          <View className="inv-k">发出日期</View>
          <View className="inv-v">{inv.sentAt ? formatDate(inv.sentAt) : '还没有发出'}</View>
        </View>
        {inv.smsNotice && !receiver && <SmsNoticeRow notice={inv.smsNotice} />}
      </Card>

      <Clock inv={inv} sender={sender} receiver={receiver} />

      {sender && awaitingReply(inv) && inv.sentAt && !inv.deliveredOn && (
        <DeliveryForm
          inv={inv}
          busy={busy === 'delivery'}
          disabled={!!busy}
          onSubmit={(req) => act('delivery', () => recordDelivery(inv.id, req), '已登记送达')}
        />
      )}

      {inv.status === 'draft' && sender && (
        <View className="inv-actions">
          <Button id="inv-send" loading={busy === 'send'} loadingText="正在发出…" disabled={!!busy} onClick={send}>
            发出要约
          </Button>
        </View>
      )}

      <Card title="协商议题" className="inv-topics">
        {inv.topics.map((t, i) => (
          <View key={t.title} className="inv-topic">
            {i + 1}. {t.title}
          </View>
        ))}
        <View className="inv-kv inv-kv-top">
          <View className="inv-k">建议时间</View>
          <View className="inv-v">{inv.proposedAt ? formatDateTime(inv.proposedAt) : '双方另行商定'}</View>
        </View>
        <View className="inv-kv">
          <View className="inv-k">建议地点</View>
          <View className="inv-v">{inv.proposedPlace ?? '双方另行商定'}</View>
        </View>
        {inv.representativesPerSide && inv.chiefRepresentative && (
          <View className="inv-kv" id="inv-representatives">
            <View className="inv-k">协商代表</View>
            <View className="inv-v">
              双方各 {inv.representativesPerSide} 人，发出方首席代表 {inv.chiefRepresentative}
            </View>
          </View>
        )}
      </Card>

      {receiver && awaitingReply(inv) && canSubscribe() && (
        <View className="inv-actions">
          <Button
            id="inv-remind"
            type="secondary"
            onClick={() => {
              void askSubscribe('invitation_deadline').then((ok) => ok && toast.success('截止前会提醒你'))
            }}
          >
            截止前提醒我
          </Button>
        </View>
      )}

      {receiver && awaitingReply(inv) && (
        <ReplyForm
          inv={inv}
          busy={busy === 'reply'}
          disabled={!!busy}
          onSubmit={(req) => act('reply', () => replyInvitation(inv.id, req), req.decision === 'accept' ? '已应约' : '已答复')}
        />
      )}

      {inv.consultationId && (
        <Card title="职工意见汇总" className="inv-workers" id="inv-workers">
          {workers.loading && !workers.data ? (
            <StateView status="loading" />
          ) : workers.error && !workers.data ? (
            <ErrorState error={workers.error} onRetry={workers.reload} />
          ) : workers.data?.hidden ? (
            <View className="muted" id="inv-workers-hidden">
              {workers.data.hidden.message}
            </View>
          ) : workers.data?.results && !workers.data.results.published ? (
            <UnpublishedState results={workers.data.results} />
          ) : workers.data?.results?.published ? (
            <View>
              <View className="muted inv-workers-lead">
                工会附上的意见征集：共 {workers.data.results.ballots} 份职工意见，按
                {workers.data.results.mode === 'ranking' ? '得分' : '票数'}
                排列。只有人数，没有个人的选择。
              </View>
              <PublicationNote results={workers.data.results} />
              <ResultBars results={workers.data.results} />
            </View>
          ) : null}
        </Card>
      )}

      <Card title="要约正文" className="inv-letter-card">
        <View className="inv-body" id="inv-body-text">
          {inv.body}
        </View>
        <View className="inv-letter-btn">
          <Button
            id="inv-letter"
            type="secondary"
            size="medium"
            loading={busy === 'letter'}
            loadingText="正在打开…"
            disabled={!!busy && busy !== 'letter'}
            onClick={letter}
          >
            {process.env.TARO_ENV === 'weapp' ? '打开要约书（Word）' : '下载要约书（Word）'}
          </Button>
        </View>
        <View className="muted inv-letter-hint">要约书可打印盖章，作为书面要约。</View>
      </Card>

      {showChain && (
        <EscalationChain
          inv={inv}
          user={user}
          canRecord={canEscalate}
          defaultIssuer={ownOrg.data?.name ?? ''}
          busy={busy === 'escalate'}
          disabled={!!busy}
          onSubmit={(req) => act('escalate', () => escalateInvitation(inv.id, req), '已记录')}
        />
      )}

      {canWithdraw && (
        <View className="inv-actions">
          <Button
            id="inv-withdraw"
            type="danger"
            size="medium"
            loading={busy === 'withdraw'}
            loadingText="正在撤回…"
            disabled={!!busy}
            onClick={withdraw}
          >
            撤回要约
          </Button>
          <View className="muted inv-withdraw-hint">对方答复之前可以撤回。</View>
        </View>
      )}
    </View>
  )
}

/** The answer clock: days left in large type, or how and when it was answered. */
function Clock({ inv, sender, receiver }: { inv: Invitation; sender: boolean; receiver: boolean }) {
  if (inv.status === 'draft') {
    return (
      <Card className="inv-clock inv-clock-draft" id="inv-clock">
        <View className="inv-clock-label">草稿</View>
        <View className="inv-clock-note">还没有发出。发出后，对方的答复期限从对方收到之日起算。</View>
      </Card>
    )
  }
  if (inv.status === 'withdrawn') {
    return (
      <Card className="inv-clock" id="inv-clock">
        <View className="inv-clock-label">已撤回</View>
        <View className="inv-clock-note">{inv.withdrawnAt ? `${formatDate(inv.withdrawnAt)} 由发出方撤回。` : '由发出方撤回。'}</View>
      </Card>
    )
  }
  const r = inv.reply
  if (r) {
    return (
      <Card className={`inv-clock ${r.decision === 'accept' ? 'inv-clock-ok' : 'inv-clock-bad'}`} id="inv-clock">
        <View className="row">
          <View className="inv-clock-big-word grow">{r.decision === 'accept' ? '已应约' : '已拒绝'}</View>
          {r.late && <View className="badge inv-late-badge">逾期答复</View>}
        </View>
        <View className="inv-clock-note">{formatDateTime(r.repliedAt)} 书面答复</View>
        {r.reason && (
          <View className="inv-reply-kv">
            <View className="inv-k">{r.decision === 'decline' ? '拒绝理由' : '说明'}</View>
            <View className="inv-v">{r.reason}</View>
          </View>
        )}
        {r.proposedAt && (
          <View className="inv-reply-kv">
            <View className="inv-k">对方建议时间</View>
            <View className="inv-v">{formatDateTime(r.proposedAt)}</View>
          </View>
        )}
        {r.proposedPlace && (
          <View className="inv-reply-kv">
            <View className="inv-k">对方建议地点</View>
            <View className="inv-v">{r.proposedPlace}</View>
          </View>
        )}
        {r.counterTopics.length > 0 && (
          <View className="inv-reply-kv">
            <View className="inv-k">补充议题</View>
            <View className="inv-v">{r.counterTopics.map((t) => t.title).join('、')}</View>
          </View>
        )}
        {r.decision === 'decline' && sender && inv.side === 'union' && (
          <View className="inv-clock-note">无正当理由拒绝的，可以在下面启动督促程序。</View>
        )}
      </Card>
    )
  }
  if (!inv.replyLastDay) {
    // Sent, not received yet: the period has not started (a receiver who opens it receives it).
    return (
      <Card className="inv-clock" id="inv-clock">
        <View className="inv-clock-label">等待对方收到</View>
        <View className="inv-clock-note" id="inv-received">
          对方还没有打开查看。答复期限为收到之日起 {inv.replyDays ?? 20} 日，从对方在小程序打开要约、或你登记纸质要约书送达的那天起算。
        </View>
      </Card>
    )
  }
  const overdue = isOverdue(inv)
  const days = inv.daysLeft ?? 0
  const receivedHow =
    inv.deliveredOn && inv.receivedOn === inv.deliveredOn
      ? `纸质要约书 ${formatDay(inv.deliveredOn)} 送达${inv.deliveryNote ? `（${inv.deliveryNote}）` : ''}`
      : inv.receivedAt
        ? `${receiver ? '你方' : '对方'}已于 ${formatDateTime(inv.receivedAt)} 查看`
        : ''
  return (
    <Card className={`inv-clock ${overdue ? 'inv-clock-bad' : days <= 5 ? 'inv-clock-warn' : ''}`} id="inv-clock">
      <View className="inv-clock-label">{overdue ? '答复已逾期' : receiver ? '请在期限内书面答复' : '等待对方答复'}</View>
      <View className="inv-clock-main">
        {overdue && days < 0 ? (
          <>
            <View className="inv-clock-pre">已逾期</View>
            <View className="inv-clock-n" id="inv-days">
              {-days}
            </View>
            <View className="inv-clock-unit">天</View>
          </>
        ) : overdue ? (
          <View className="inv-clock-big-word" id="inv-days">
            今天已到期
          </View>
        ) : days === 0 ? (
          <View className="inv-clock-big-word" id="inv-days">
            今天到期
          </View>
        ) : (
          <>
            <View className="inv-clock-pre">还剩</View>
            <View className="inv-clock-n" id="inv-days">
              {days}
            </View>
            <View className="inv-clock-unit">天</View>
          </>
        )}
      </View>
      <View className="inv-clock-note" id="inv-due-day">
        答复截止：{formatDay(inv.replyLastDay)} 24时
      </View>
      <View className="inv-clock-note" id="inv-received">
        {receivedHow}，自次日起算 {inv.replyDays ?? 20} 日
      </View>
      {overdue && sender && inv.side === 'union' && <View className="inv-clock-note">可以在下面启动督促程序（两书一公告）。</View>}
      {overdue && receiver && <View className="inv-clock-note">已过答复期限，现在答复仍会记录，并标为逾期答复。</View>}
    </Card>
  )
}

/**
 * 登记送达: the sender records the day a paper 要约书 was signed for. The reply period runs from receipt, and a
 * letter delivered before the enterprise opened the app starts it earlier; once recorded it cannot be changed.
 */
function DeliveryForm({
  inv,
  busy,
  disabled,
  onSubmit,
}: {
  inv: Invitation
  busy: boolean
  disabled: boolean
  onSubmit: (req: { deliveredOn: string; note?: string }) => Promise<boolean>
}) {
  const [open, setOpen] = useState(false)
  const [day, setDay] = useState(todayDate())
  const [note, setNote] = useState('')
  const sentOn = inv.sentAt ? todayDate(new Date(inv.sentAt)) : undefined
  if (!open) {
    return (
      <View className="inv-actions">
        <Button id="inv-delivery-open" type="secondary" size="medium" onClick={() => setOpen(true)}>
          登记纸质要约书送达
        </Button>
      </View>
    )
  }
  return (
    <Card title="登记纸质要约书送达" className="inv-delivery" id="inv-delivery">
      <View className="inv-clock-note">
        按送达回执、快递或挂号信的签收日期填写。
        {inv.receivedOn ? '比对方在小程序打开更早时，答复期限从送达日起算。' : '答复期限从送达日的次日起算。'}
      </View>
      <DateField id="inv-delivery-day" label="送达日期" value={day} onChange={setDay} start={sentOn} end={todayDate()} />
      <TextField
        id="inv-delivery-note"
        label="送达说明（选填）"
        value={note}
        onChange={setNote}
        maxlength={200}
        placeholder="例如：挂号信 XA123456789CN，门卫王某签收"
      />
      <View className="inv-actions">
        <Button
          id="inv-delivery-submit"
          loading={busy}
          loadingText="正在登记…"
          disabled={disabled}
          onClick={() => void onSubmit({ deliveredOn: day, ...(note.trim() ? { note: note.trim() } : {}) })}
        >
          登记送达
        </Button>
      </View>
    </Card>
  )
}

const REPLY_LABELS = { decision: '答复', reason: '拒绝理由', proposedAt: '建议协商时间', proposedPlace: '建议协商地点' }

function checkReply(f: { decision: ReplyDecision | null; reason: string; date: string; time: string }): Errors {
  const e: Errors = {}
  if (!f.decision) e.decision = '请选择应约还是拒绝'
  if (f.decision === 'decline' && !f.reason.trim()) e.reason = '拒绝须说明理由'
  const proposedAt = f.decision === 'accept' ? toInstant(f.date, f.time) : undefined
  if (proposedAt && Date.parse(proposedAt) <= Date.now()) e.proposedAt = '建议协商时间应晚于现在'
  return e
}

const ESCALATION_LABELS = { issuedAt: '发文日期', issuer: '发文单位', documentNo: '文号', note: '备注' }

function checkEscalation(f: { issuedAt: string; issuer: string }): Errors {
  const e: Errors = {}
  if (!f.issuedAt) e.issuedAt = '请选择发文日期'
  if (f.issuer.trim().length < 2) e.issuer = '请填写发文单位'
  return e
}

function ReplyForm({
  inv,
  busy,
  disabled,
  onSubmit,
}: {
  inv: Invitation
  busy: boolean
  disabled: boolean
  onSubmit: (req: {
    decision: ReplyDecision
    reason?: string
    proposedAt?: string
    proposedPlace?: string
    counterTopics?: { title: string }[]
  }) => Promise<boolean>
}) {
  const [decision, setDecision] = useState<ReplyDecision | null>(null)
  const [reason, setReason] = useState('')
  const [note, setNote] = useState('')
  const [date, setDate] = useState('')
  const [time, setTime] = useState('')
  const [place, setPlace] = useState('')
  const [counter, setCounter] = useState<string[]>([])
  const replyForm = { decision, reason, date, time }
  const { errors, check, clear: clearErrors } = useFieldErrors(replyForm, checkReply, REPLY_LABELS)

  const submit = async () => {
    if (!check(replyForm)) return
    const proposedAt = decision === 'accept' ? toInstant(date, time) : undefined
    const { confirm } = await Taro.showModal({
      title: decision === 'accept' ? '确认应约' : '确认拒绝',
      content:
        decision === 'accept'
          ? `答复${inv.fromOrganizationName}：同意开展集体协商。答复后不能修改。`
          : '拒绝须有正当理由，拒绝后工会可以启动督促程序。答复后不能修改。',
      confirmText: '提交答复',
      cancelText: '再看看',
    })
    if (!confirm) return
    await onSubmit(
      decision === 'accept'
        ? {
            decision: 'accept',
            reason: note.trim() || undefined,
            proposedAt,
            proposedPlace: place.trim() || undefined,
            counterTopics: counter.length ? counter.map((title) => ({ title })) : undefined,
          }
        : { decision: 'decline', reason: reason.trim() },
    )
  }

  return (
    <Card title="书面答复" className="inv-reply-form" id="inv-reply-form">
      <View className="muted inv-reply-lead">依照《集体合同规定》，收到要约后应在期限内书面答复，无正当理由不得拒绝。</View>
      <View className="inv-decisions">
        <View
          id="inv-accept"
          className={`inv-decision ${decision === 'accept' ? 'inv-decision-on inv-decision-accept' : ''}`}
          hoverClass="inv-check-hover"
          onClick={() => {
            setDecision('accept')
            clearErrors()
          }}
        >
          <View className="inv-decision-title">{decision === 'accept' ? '✓ ' : ''}应约</View>
          <View className="inv-decision-sub">同意协商</View>
        </View>
        <View
          id="inv-decline"
          className={`inv-decision ${decision === 'decline' ? 'inv-decision-on inv-decision-decline' : ''}`}
          hoverClass="inv-check-hover"
          onClick={() => {
            setDecision('decline')
            clearErrors()
          }}
        >
          <View className="inv-decision-title">{decision === 'decline' ? '✓ ' : ''}拒绝</View>
          <View className="inv-decision-sub">须说明理由</View>
        </View>
      </View>
      {errors.decision && <View className="error-text">{errors.decision}</View>}

      {decision === 'accept' && (
        <View className="inv-reply-fields">
          <MeetingTimeField
            label="建议首次协商时间（选填）"
            idPrefix="inv-reply-when"
            date={date}
            time={time}
            onChange={(d, t) => {
              setDate(d)
              setTime(t)
            }}
            error={errors.proposedAt}
            hint={inv.proposedAt ? `对方建议 ${formatDateTime(inv.proposedAt)}；同意就不用选` : '不选就由双方另行商定'}
          />
          <TextField
            id="inv-reply-place"
            label="建议地点（选填）"
            value={place}
            onChange={setPlace}
            maxlength={100}
            placeholder={inv.proposedPlace ? `对方建议：${inv.proposedPlace}` : '例如：公司二楼会议室'}
          />
          <TopicAdder
            label="补充议题（选填）"
            idPrefix="inv-counter"
            topics={counter}
            onChange={setCounter}
            max={30}
            hint="你方也想谈的事项"
          />
          <View className="inv-gap" />
          <TextField
            id="inv-reply-note"
            label="说明（选填）"
            value={note}
            onChange={setNote}
            multiline
            maxlength={2000}
            placeholder="例如：我方首席代表为人力资源部负责人，代表名单随后书面告知"
          />
        </View>
      )}
      {decision === 'decline' && (
        <View className="inv-reply-fields">
          <TextField
            id="inv-reason"
            label="拒绝理由（必填）"
            value={reason}
            onChange={(v) => {
              setReason(v)
              clearErrors()
            }}
            multiline
            maxlength={2000}
            placeholder="请写明不能协商的正当理由"
            error={errors.reason}
            hint="理由会写进记录，工会据此判断是否启动督促程序。"
          />
        </View>
      )}
      <Button
        id="inv-reply-submit"
        className="inv-reply-submit"
        loading={busy}
        loadingText="正在提交…"
        disabled={disabled || !decision}
        onClick={submit}
      >
        提交答复
      </Button>
    </Card>
  )
}

function EscalationChain({
  inv,
  user,
  canRecord,
  defaultIssuer,
  busy,
  disabled,
  onSubmit,
}: {
  inv: Invitation
  user: User | null
  canRecord: boolean
  defaultIssuer: string
  busy: boolean
  disabled: boolean
  onSubmit: (req: { step: EscalationStep; issuedAt: string; issuer: string; documentNo?: string; note?: string }) => Promise<boolean>
}) {
  const next = inv.nextEscalationStep
  const done = new Map(inv.escalations.map((e) => [e.step, e]))
  const [issuedAt, setIssuedAt] = useState(todayDate())
  const [issuer, setIssuer] = useState<string | null>(null)
  const [documentNo, setDocumentNo] = useState('')
  const [note, setNote] = useState('')
  const issuerValue = issuer ?? defaultIssuer
  const escalationForm = { issuedAt, issuer: issuerValue }
  const { errors, check } = useFieldErrors(escalationForm, checkEscalation, ESCALATION_LABELS)
  const last = inv.escalations[inv.escalations.length - 1]
  const earliest = [inv.sentAt ? localDate(inv.sentAt) : '', last?.issuedAt ?? ''].sort().pop() || undefined

  const submit = async () => {
    if (!next) return
    if (!check(escalationForm)) return
    const { confirm } = await Taro.showModal({
      title: `记录「${ESCALATION_STEP_LABELS[next]}」`,
      content: '记录后不能修改或删除。确定记录吗？',
      confirmText: '记录',
      cancelText: '再看看',
    })
    if (!confirm) return
    const ok = await onSubmit({
      step: next,
      issuedAt,
      issuer: issuerValue.trim(),
      documentNo: documentNo.trim() || undefined,
      note: note.trim() || undefined,
    })
    if (ok) {
      setDocumentNo('')
      setNote('')
      setIssuedAt(todayDate())
    }
  }

  return (
    <Card title="督促程序（两书一公告）" className="inv-chain" id="inv-chain">
      <View className="muted inv-chain-lead">对方逾期不答复或无正当理由拒绝时，依次记录每一步的发文。</View>
      {ESCALATION_STEPS.map((step, i) => {
        const record = done.get(step)
        const state = record ? 'done' : step === next ? 'next' : 'todo'
        return (
          <View key={step} className={`inv-step inv-step-${state}`} id={`inv-step-${step}`}>
            <View className="inv-step-rail">
              <View className="inv-step-dot">{record ? '✓' : i + 1}</View>
              {i < ESCALATION_STEPS.length - 1 && <View className="inv-step-line" />}
            </View>
            <View className="grow inv-step-body">
              <View className="inv-step-title">
                {ESCALATION_STEP_LABELS[step]}
                {state === 'next' ? <View className="badge badge-blue inv-step-badge">下一步</View> : null}
              </View>
              <View className="muted">{ESCALATION_STEP_DESCRIPTIONS[step]}</View>
              {record && (
                <View className="inv-step-record">
                  <View>
                    {formatDate(`${record.issuedAt}T12:00:00`)} · {record.issuer}
                  </View>
                  {record.documentNo && <View>文号：{record.documentNo}</View>}
                  {record.note && <View className="inv-step-note">{record.note}</View>}
                </View>
              )}
              {state === 'next' && canRecord && user && (
                <View className="inv-esc-form" id="inv-esc-form">
                  <DateField
                    id="inv-esc-date"
                    label="发文日期"
                    value={issuedAt}
                    onChange={setIssuedAt}
                    start={earliest}
                    end={todayDate()}
                    error={errors.issuedAt}
                  />
                  <TextField
                    id="inv-esc-issuer"
                    label="发文单位"
                    value={issuerValue}
                    onChange={setIssuer}
                    maxlength={100}
                    placeholder={step === 'labour_inspection_advice' ? '县级以上总工会' : '例如：成都市总工会'}
                    error={errors.issuer}
                    hint={step === 'labour_inspection_advice' ? '建议书由县级以上总工会发出' : undefined}
                  />
                  <TextField
                    id="inv-esc-docno"
                    label="文号（选填）"
                    value={documentNo}
                    onChange={setDocumentNo}
                    maxlength={60}
                    placeholder="例如：成工发〔2025〕12号"
                    error={errors.documentNo}
                  />
                  <TextField
                    id="inv-esc-note"
                    label="备注（选填）"
                    value={note}
                    onChange={setNote}
                    multiline
                    maxlength={2000}
                    placeholder="例如：已当面送达企业人力资源部"
                    error={errors.note}
                  />
                  <Button
                    id="inv-escalate-submit"
                    loading={busy}
                    loadingText="正在记录…"
                    disabled={disabled}
                    onClick={submit}
                  >{`记录${ESCALATION_STEP_LABELS[step]}`}</Button>
                </View>
              )}
            </View>
          </View>
        )
      })}
      {!next && inv.escalations.length === ESCALATION_STEPS.length && <View className="muted">督促程序的各步都已记录。</View>}
    </Card>
  )
}

/** Whether the SMS notice to the receiver's contact phone went out, for the union side that sent it. */
function SmsNoticeRow({ notice }: { notice: InvitationSmsNotice }) {
  const phone = notice.phone ?? ''
  const text =
    notice.state === 'sent'
      ? `已短信通知 ${phone}`
      : notice.state === 'pending'
        ? `正在短信通知 ${phone}${notice.reason ? `（${notice.reason}）` : ''}`
        : notice.state === 'failed'
          ? `短信未送达 ${phone}：${notice.reason ?? '原因不明'}`
          : `短信未发出：${notice.reason ?? '原因不明'}`
  return (
    <View className="inv-kv" id="inv-sms">
      <View className="inv-k">短信通知</View>
      <View
        className={`inv-v ${notice.state === 'failed' ? 'inv-sms-failed' : notice.state === 'sent' ? '' : 'inv-sms-muted'}`}
        id="inv-sms-text"
      >
        {text}
      </View>
    </View>
  )
}
