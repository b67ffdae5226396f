// 职代会现场 for the organizer: live attendance (counts only, never how the votes stand), check-in at the venue,
// closing once the time is up, the result, the resolution to download, and the contract recorded from it.
import { useEffect, useState } from 'react'
import { Input, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { CONGRESS_STATUS_LABELS, ELECTORATE_KIND_LABELS, type CongressMember } from '@xst/shared-types'
import { checkIn, closeCongress, downloadCongressFile, getCongress, listMembers } from '../../api/congress'
import { ApiError } from '../../api/errors'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { formatDateTime } from '../../utils/time'
import { CONGRESS_ROUTES } from '../routes'
import '../styles.css'
import { pageStyle } from '../../utils/comfort'

const LIVE_EVERY_MS = 15_000

export default function CongressRunPage() {
  const user = useSession()
  const { params } = useRouter()
  const id = params.id ?? ''
  const staff = !!user && (user.role === 'organizer' || user.role === 'admin')
  const congress = useLoad(() => getCongress(id), [id], staff && !!id)
  const organizer = user?.role === 'organizer'
  const members = useLoad(() => listMembers(id), [id], organizer && !!id)
  const [query, setQuery] = useState('')
  const [busy, setBusy] = useState<string | null>(null)

  const open = congress.data?.status === 'open'
  useEffect(() => {
    if (!open) return
    const timer = setInterval(() => void congress.reload(), LIVE_EVERY_MS)
    return () => clearInterval(timer)
  }, [open, congress.reload])

  usePullDownRefresh(async () => {
    await Promise.all([congress.reload(), members.reload()])
    Taro.stopPullDownRefresh()
  })

  if (!staff)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工会工作人员账号" />
      </View>
    )
  if (congress.loading && !congress.data)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="loading" />
      </View>
    )
  if (congress.error && !congress.data)
    return (
      <View className="page" style={pageStyle()}>
        <ErrorState error={congress.error} onRetry={congress.reload} />
      </View>
    )
  const c = congress.data
  if (!c)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="找不到这次职代会" />
      </View>
    )

  const signIn = async (m: CongressMember) => {
    setBusy(m.userId)
    try {
      await checkIn(c.id, { userId: m.userId })
      toast.success(`${m.name} 已签到`)
      await Promise.all([congress.reload(), members.reload()])
    } catch (e) {
      toast.error(e)
    } finally {
      setBusy(null)
    }
  }
  const close = async () => {
    setBusy('close')
    try {
      await closeCongress(c.id)
      await congress.reload()
    } catch (e) {
      if (e instanceof ApiError && !e.isNetwork) Taro.showModal({ title: '还不能结束', content: e.message, showCancel: false })
      else toast.error(e)
    } finally {
      setBusy(null)
    }
  }
  const download = async (file: 'resolution.docx' | 'resolution.pdf' | 'filing.zip') => {
    setBusy(file)
    try {
      const ext = file.split('.').pop()
      await downloadCongressFile(c.id, file, file === 'filing.zip' ? `${c.draftTitle}备案材料.zip` : `${c.title}决议.${ext}`)
    } catch (e) {
      toast.error(e)
    } finally {
      setBusy(null)
    }
  }

  const a = c.attendance
  const r = c.result
  const shown = (members.data ?? []).filter((m) => !query.trim() || m.name.includes(query.trim()))
  return (
    <View className="page" style={pageStyle()}>
      <StaleBanner error={congress.error} onRetry={congress.reload} />
      <View className="page-title">{c.title}</View>
      <View className="page-lead">
        {ELECTORATE_KIND_LABELS[c.electorate]} · {CONGRESS_STATUS_LABELS[c.status]} · {formatDateTime(c.opensAt)} –{' '}
        {formatDateTime(c.closesAt)}
      </View>

      <Card title={c.status === 'closed' ? '到会情况' : '实时到会（只显示人数）'}>
        <View className="pc-live" id="cg-live">
          <View className="pc-live-item">
            <View className="pc-big" id="cg-attendance">
              {a.attendance}
            </View>
            <View className="pc-live-label">已到会</View>
          </View>
          <View className="pc-live-item">
            <View className="pc-big">{a.electorate}</View>
            <View className="pc-live-label">应到</View>
          </View>
          <View className="pc-live-item">
            <View className="pc-big">{a.checkedIn}</View>
            <View className="pc-live-label">现场签到</View>
          </View>
        </View>
        <View className={`pc-note ${a.attendance >= a.quorumNeeds ? 'pc-ok' : 'pc-warn'}`} id="cg-quorum">
          {a.attendance >= a.quorumNeeds
            ? `已达到法定到会人数（${a.quorumNeeds} 人）`
            : `还差 ${a.quorumNeeds - a.attendance} 人达到法定到会人数（${a.quorumNeeds} 人）`}
        </View>
        {c.status !== 'closed' && <View className="muted">票数在表决结束后才统计公布。</View>}
      </Card>

      {r && (
        <Card title="表决结果">
          <View id="cg-result" className="pc-big">
            {r.adopted ? '通过' : '未通过'}
          </View>
          <View className="pc-text" id="cg-figures">
            应到 {r.electorate} 人，实到 {r.attendance} 人（线上表决 {r.voted} 人，现场签到 {r.checkedIn} 人）。赞成 {r.approve} 票，反对{' '}
            {r.reject} 票，弃权 {r.abstain} 票。{r.quorumMet ? '' : '到会人数不足法定人数。'}
          </View>
          <View className="pc-action">
            <Button
              id="cg-resolution-docx"
              type="secondary"
              loading={busy === 'resolution.docx'}
              onClick={() => void download('resolution.docx')}
            >
              下载决议（Word）
            </Button>
          </View>
          <View className="pc-action">
            <Button
              id="cg-resolution-pdf"
              type="secondary"
              loading={busy === 'resolution.pdf'}
              onClick={() => void download('resolution.pdf')}
            >
              下载决议（PDF）
            </Button>
          </View>
          {organizer && r.adopted && !c.contractId && (
            <View className="pc-action">
              <Button id="cg-record" onClick={() => Taro.navigateTo({ url: CONGRESS_ROUTES.record(c.id) })}>
                双方签字后，登记集体合同
              </Button>
            </View>
          )}
          {c.contractId && (
            <View className="pc-action">
              <Button id="cg-filing" loading={busy === 'filing.zip'} loadingText="正在生成…" onClick={() => void download('filing.zip')}>
                下载备案材料（压缩包）
              </Button>
            </View>
          )}
        </Card>
      )}

      {organizer && c.status === 'open' && c.venue && (
        <Card title={`现场签到 · ${c.venue}`}>
          <Input className="pc-search" id="cg-search" value={query} placeholder="输入姓名查找" onInput={(e) => setQuery(e.detail.value)} />
          {members.loading && !members.data ? (
            <StateView status="loading" />
          ) : members.error && !members.data ? (
            <ErrorState error={members.error} onRetry={members.reload} />
          ) : shown.length === 0 ? (
            <StateView status="empty" title="没有找到" />
          ) : (
            shown.slice(0, 50).map((m) => (
              <View key={m.userId} className="pc-member" id={`cg-member-${m.userId}`}>
                <View className="pc-member-name">{m.name}</View>
                {m.checkedIn ? (
                  <View className="badge badge-green">已签到</View>
                ) : (
                  <Button
                    id={`cg-checkin-${m.userId}`}
                    size="small"
                    type="secondary"
                    loading={busy === m.userId}
                    onClick={() => void signIn(m)}
                  >
                    签到
                  </Button>
                )}
              </View>
            ))
          )}
        </Card>
      )}

      {organizer && c.status === 'open' && (
        <Button id="cg-close" type="danger" loading={busy === 'close'} loadingText="正在计票…" onClick={() => void close()}>
          结束表决并计票
        </Button>
      )}
    </View>
  )
}
