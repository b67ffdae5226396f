// 协商会议: records kept on the phone (草稿 / 未同步 / 需修改 / 已同步) above the server's list, where each session
// shows its 10-day publication clock and a 未及时公开 flag once that passed.
import { useEffect, useRef, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import type { Invitation, NegotiationSession } from '@xst/shared-types'
import { PUBLISH_WITHIN_DAYS, SESSION_TYPE_LABELS } from '@xst/shared-types'
import { listSessions } from '../../api/sessions'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Chips } from '../../components/Chips'
import { Sheet } from '../../components/Sheet'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { ListMore } from '../../components/ListMore'
import { usePaged } from '../../hooks/usePaged'
import { useSession } from '../../hooks/useSession'
import { go } from '../../utils/nav'
import { formatDateTime } from '../../utils/time'
import {
  isSending,
  listSessionDrafts,
  onDraftsChange,
  removeSessionDraft,
  startSessionAutoSync,
  syncSessionDrafts,
  type SessionDraft,
} from '../../utils/drafts'
import { SESSION_ROUTES, cachedInvitations, daysUntil, formatDay, invitationTitle, loadInvitations } from '../shared'
import '../styles.css'
import { pageStyle } from '../../utils/comfort'

const DRAFT_BADGES: Record<SessionDraft['status'], { label: string; cls: string }> = {
  editing: { label: '草稿', cls: 'badge-grey' },
  queued: { label: '未同步', cls: '' },
  rejected: { label: '需修改', cls: '' },
  synced: { label: '已同步', cls: 'badge-green' },
}

/** Where a session stands against the 10-day publication rule. */
function publishClock(s: NegotiationSession): { text: string; cls: string; overdue: boolean } {
  if (s.publishedAt) return { text: `已公开 · ${formatDateTime(s.publishedAt)}`, cls: 'badge-green', overdue: false }
  if (!s.publishDueOn) return { text: '未公开', cls: 'badge-grey', overdue: false }
  if (s.publishOverdue) return { text: `未及时公开 · 期限是 ${formatDay(s.publishDueOn)}`, cls: '', overdue: true }
  const left = daysUntil(s.publishDueOn)
  return { text: left <= 0 ? '今天是公开期限' : `须在 ${left} 天内公开`, cls: left <= 3 ? '' : 'badge-blue', overdue: false }
}

export default function SessionsPage() {
  const user = useSession()
  const organizer = user?.role === 'organizer'
  const staff = organizer || user?.role === 'admin'
  const [unpublishedOnly, setUnpublishedOnly] = useState(false)
  const sessions = usePaged((cursor, limit) => listSessions(unpublishedOnly, { cursor, limit }), [user?.id, unpublishedOnly], staff)
  const [drafts, setDrafts] = useState<SessionDraft[]>(() => listSessionDrafts())
  const [, setTick] = useState(0)
  const [syncing, setSyncing] = useState(false)
  const [lastError, setLastError] = useState<string | null>(null)
  const [picking, setPicking] = useState(false)
  const [invitations, setInvitations] = useState<Invitation[] | null>(null)
  const [invError, setInvError] = useState<unknown>(null)

  // While there is signal, remember the accepted invitations: a record can then be started where there is none.
  useEffect(() => {
    if (staff) loadInvitations().catch(() => undefined)
  }, [staff])

  const reloadRef = useRef(sessions.reload)
  reloadRef.current = sessions.reload
  useEffect(() => {
    startSessionAutoSync()
    let syncedBefore = listSessionDrafts().filter((d) => d.status === 'synced').length
    return onDraftsChange(() => {
      const now = listSessionDrafts()
      setDrafts(now)
      setTick((t) => t + 1)
      // A record reached the server (also from the background sync): show the server's list with it.
      const syncedNow = now.filter((d) => d.status === 'synced').length
      if (syncedNow > syncedBefore) void reloadRef.current()
      syncedBefore = syncedNow
    })
  }, [])

  const syncNow = async (quiet = false) => {
    setSyncing(true)
    try {
      const r = await syncSessionDrafts()
      setLastError(r.waiting ? (r.error ?? null) : null)
      if (r.synced) void sessions.reload()
      if (!quiet) {
        if (r.synced && !r.waiting && !r.rejected) toast.success(`已同步 ${r.synced} 条`)
        else if (r.rejected) toast.info(`${r.rejected} 条需要修改`)
        else if (r.waiting) toast.info(r.error ?? '暂时没能同步')
      }
    } finally {
      setSyncing(false)
    }
  }

  useDidShow(() => {
    setDrafts(listSessionDrafts())
    if (organizer && listSessionDrafts().some((d) => d.status === 'queued')) void syncNow(true)
  })

  usePullDownRefresh(async () => {
    await Promise.all([sessions.reload(), organizer ? syncNow(true) : Promise.resolve()])
    Taro.stopPullDownRefresh()
  })

  const openPicker = async () => {
    setPicking(true)
    setInvError(null)
    const cached = cachedInvitations()
    setInvitations(cached.length ? cached : null)
    try {
      setInvitations(await loadInvitations())
    } catch (e) {
      // Offline: the list remembered from the last time is enough to start a record.
      if (!cached.length) setInvError(e)
    }
  }

  if (!staff) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工会工作人员账号" message="请用工会工作人员账号登录后记录协商会议。" />
      </View>
    )
  }

  const waiting = drafts.filter((d) => d.status === 'queued' || d.status === 'rejected')
  const editing = drafts.filter((d) => d.status === 'editing')
  const synced = drafts.filter((d) => d.status === 'synced')
  const serverIds = new Set((sessions.items ?? []).map((s) => s.id))
  // A synced record shows once: in the server's list when that has it, else here.
  const local = [...waiting, ...editing, ...synced.filter((d) => !d.sessionId || !serverIds.has(d.sessionId))]
  const overdue = (sessions.items ?? []).filter((s) => s.publishOverdue).length

  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">协商会议</View>
      <View className="page-lead">在会场就能记录，没网也能保存，有网后自动同步。纪要须在会后 {PUBLISH_WITHIN_DAYS} 日内向劳动者公开。</View>

      {organizer && (
        <Button id="session-new" onClick={() => void openPicker()}>
          记录协商会议
        </Button>
      )}

      {waiting.length > 0 ? (
        <View id="session-unsynced" className="ps-sync ps-sync-waiting">
          <View className="grow">
            <View className="ps-sync-title">{waiting.length} 条记录未同步</View>
            <View className="ps-sync-text">
              {syncing
                ? '正在同步…'
                : waiting.some((d) => d.status === 'rejected')
                  ? '有记录需要修改后再保存。'
                  : (lastError ?? '有网后会自动发送，记录在手机上不会丢。')}
            </View>
          </View>
          <View className="ps-sync-btn">
            <Button
              id="session-sync-now"
              type="secondary"
              size="small"
              block={false}
              loading={syncing}
              loadingText="同步中"
              onClick={() => void syncNow()}
            >
              立即同步
            </Button>
          </View>
        </View>
      ) : synced.length > 0 ? (
        <View id="session-synced" className="ps-sync ps-sync-done">
          ✓ 手机上的记录已全部同步
        </View>
      ) : null}

      {local.length > 0 && <View className="section-title">手机上的记录</View>}
      {local.map((d) => {
        const b = DRAFT_BADGES[d.status]
        const sending = isSending(d.clientId)
        const open = () => {
          if (d.status === 'synced' && d.sessionId) return go(SESSION_ROUTES.publish(d.sessionId))
          return go(SESSION_ROUTES.form(d.invitationId, d.clientId))
        }
        return (
          <Card
            key={d.clientId}
            className={`ps-draft draft-${d.status === 'queued' || d.status === 'rejected' ? 'unsynced' : d.status}`}
            onClick={open}
            title={d.invitationTitle}
            extra={<View className={`badge ${b.cls}`}>{sending ? '正在同步' : b.label}</View>}
          >
            <View className="muted">
              {SESSION_TYPE_LABELS[d.form.type]} · {d.form.heldDate} {d.form.heldTime}
              {d.round ? ` · 第 ${d.round} 次` : ''}
            </View>
            {d.status === 'rejected' && <View className="error-text">{d.error}（点开修改）</View>}
            {d.status === 'queued' && d.error && <View className="muted">上次没发出去：{d.error}</View>}
            {d.status === 'editing' && (
              <View className="row-between ps-draft-actions">
                <View className="muted">还没保存，点开继续写</View>
                <View
                  className="ps-link"
                  hoverClass="ps-hover"
                  onClick={(e) => {
                    e.stopPropagation()
                    void Taro.showModal({ title: '删除草稿', content: '删除后不能恢复。', confirmText: '删除', cancelText: '保留' }).then(
                      ({ confirm }) => confirm && removeSessionDraft(d.clientId),
                    )
                  }}
                >
                  删除
                </View>
              </View>
            )}
          </Card>
        )
      })}

      <View className="row-between ps-list-head">
        <View className="section-title ps-inline-title">已记录的会议{overdue ? `（${overdue} 次未及时公开）` : ''}</View>
      </View>
      <Chips
        idPrefix="session-filter"
        options={[
          { value: 'all', label: '全部' },
          { value: 'unpublished', label: '未公开' },
        ]}
        selected={[unpublishedOnly ? 'unpublished' : 'all']}
        onToggle={(v) => setUnpublishedOnly(v === 'unpublished')}
      />
      <View className="ps-gap" />
      {sessions.items && <StaleBanner error={sessions.error} onRetry={sessions.reload} />}
      {sessions.loading && !sessions.items ? (
        <StateView status="loading" />
      ) : sessions.error && !sessions.items ? (
        <ErrorState error={sessions.error} onRetry={sessions.reload} />
      ) : (sessions.items ?? []).length === 0 ? (
        <StateView
          status="empty"
          id="sessions-empty"
          title={unpublishedOnly ? '没有待公开的会议' : '还没有会议记录'}
          message={unpublishedOnly ? '所有会议纪要都已公开。' : '对方应约后，开完会点“记录协商会议”。'}
        />
      ) : (
        (sessions.items ?? []).map((s) => {
          const clock = publishClock(s)
          return (
            <Card
              key={s.id}
              id={`session-${s.id}`}
              className={`ps-session ${clock.overdue ? 'session-overdue' : ''}`}
              onClick={() => go(SESSION_ROUTES.publish(s.id))}
              title={`第 ${s.round} 次 · ${SESSION_TYPE_LABELS[s.type]}`}
              extra={
                clock.overdue ? (
                  <View className="badge ps-overdue">未及时公开</View>
                ) : s.publishedAt ? (
                  <View className="badge badge-green">已公开</View>
                ) : undefined
              }
            >
              <View className="muted">
                {formatDateTime(s.heldAt)} · {s.online ? '线上' : (s.place ?? '')}
              </View>
              <View className="muted">
                职工方 {s.workerSide.count} 人（{s.workerSide.chief}）· 企业方 {s.employerSide.count} 人（{s.employerSide.chief}）
              </View>
              <View className={`ps-clock ${clock.overdue ? 'ps-clock-bad' : ''}`}>
                <View className={`badge ${clock.cls}`}>{clock.text}</View>
              </View>
              {!s.publishedAt && organizer && <View className="ps-link ps-card-action">公开纪要 ›</View>}
            </Card>
          )
        })
      )}
      <ListMore list={sessions} id="sessions" unit="次" />

      <Sheet
        id="invitation-sheet"
        open={picking}
        title="选择对方已应约的要约"
        onClose={() => setPicking(false)}
        options={invitations?.map((i) => ({ value: i.id, label: invitationTitle(i) }))}
        optionClassName="invitation-option"
        onSelect={(id) => {
          setPicking(false)
          go(SESSION_ROUTES.form(id))
        }}
      >
        {!invitations && !invError && <StateView status="loading" />}
        {invError ? <ErrorState error={invError} onRetry={() => void openPicker()} /> : null}
        {invitations && invitations.length === 0 && (
          <StateView status="empty" title="还没有已应约的要约" message="对方书面应约后，才能记录协商会议。" />
        )}
      </Sheet>
    </View>
  )
}
