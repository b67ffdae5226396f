// A member's congress: the draft with its plain summary, the vote (赞成 / 反对 / 弃权, changeable until close), and
// the result once it is closed. Before close nobody, the member included, sees how the votes stand.
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import {
  CONGRESS_CHOICE_LABELS,
  CONGRESS_CHOICES,
  CONGRESS_STATUS_LABELS,
  CONTRACT_KIND_LABELS,
  type CongressChoice,
} from '@xst/shared-types'
import { getCongress, voteCongress } from '../../api/congress'
import { ApiError } from '../../api/errors'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'
import { formatDateTime } from '../../utils/time'
import './index.css'
import { pageStyle } from '../../utils/comfort'
import { a11y } from '../../utils/a11y'

export default function CongressPage() {
  const user = useSession()
  const { params } = useRouter()
  const id = params.id ?? ''
  const congress = useLoad(() => getCongress(id), [id, user?.id], !!user && !!id)
  const [sending, setSending] = useState<CongressChoice | null>(null)
  const [error, setError] = useState('')
  const [fullText, setFullText] = useState(false)

  usePullDownRefresh(async () => {
    await congress.reload()
    Taro.stopPullDownRefresh()
  })

  if (!user)
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="登录后参加表决"
          action={
            <Button id="cg-go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
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
        <StateView status="empty" title="找不到这次会议" message="你可能不在这次职代会的参会名单上。" />
      </View>
    )

  const vote = async (choice: CongressChoice) => {
    setError('')
    setSending(choice)
    try {
      await voteCongress(c.id, { choice })
      toast.success(`已投：${CONGRESS_CHOICE_LABELS[choice]}`)
      await congress.reload()
    } catch (e) {
      if (e instanceof ApiError && !e.isNetwork) {
        setError(e.message)
        await congress.reload()
      } else toast.error(e)
    } finally {
      setSending(null)
    }
  }

  const r = c.result
  return (
    <View className="page" style={pageStyle()}>
      <StaleBanner error={congress.error} onRetry={congress.reload} />
      <View className="page-title">{c.title}</View>
      <View className="page-lead">
        {formatDateTime(c.opensAt)} – {formatDateTime(c.closesAt)}
        {c.venue ? ` · 现场：${c.venue}` : ' · 线上表决'}
      </View>
      <View id="cg-status" className={`cg-status cg-status-${c.status}`}>
        {CONGRESS_STATUS_LABELS[c.status]}
      </View>

      <Card title={`草案：${c.draftTitle}`}>
        <View className="muted">
          {CONTRACT_KIND_LABELS[c.kind]} · 第 {c.draftVersion} 稿
        </View>
        <View className="cg-summary-title">说白了，这份草案讲的是：</View>
        <View id="cg-summary" className="cg-summary">
          {c.summary}
        </View>
        <View {...a11y('button')} id="cg-toggle-text" className="cg-link" hoverClass="cg-hover" onClick={() => setFullText(!fullText)}>
          {fullText ? '收起全文' : '看草案全文'}
        </View>
        {fullText && (
          <View id="cg-text" className="cg-text">
            {c.text}
          </View>
        )}
      </Card>

      {c.status === 'scheduled' && (
        <StateView status="empty" id="cg-not-yet" title="表决还没开始" message={`${formatDateTime(c.opensAt)} 开始，到时请回来表决。`} />
      )}

      {c.status === 'open' && c.isMember && (
        <Card title="你的表决">
          <View className="cg-lead">
            {c.myChoice ? (
              <View id="cg-my-choice">
                你已投：<View className="cg-mine">{CONGRESS_CHOICE_LABELS[c.myChoice]}</View>。结束前可以改。
              </View>
            ) : (
              '请选一项。你的选择只有你自己看得到，结束前可以改。'
            )}
          </View>
          {CONGRESS_CHOICES.map((choice) => (
            <View key={choice} className="cg-choice">
              <Button
                id={`cg-vote-${choice}`}
                type={c.myChoice === choice ? 'primary' : 'secondary'}
                loading={sending === choice}
                loadingText="正在提交…"
                disabled={!!sending}
                onClick={() => void vote(choice)}
              >
                {CONGRESS_CHOICE_LABELS[choice]}
              </Button>
            </View>
          ))}
          {error && <View className="error-text">{error}</View>}
          <View className="muted cg-foot">
            已到会 {c.attendance.attendance} / {c.attendance.electorate} 人。票数在结束后公布。
          </View>
        </Card>
      )}

      {c.status === 'closed' && r && (
        <Card title="表决结果">
          <View id="cg-result" className={`cg-verdict ${r.adopted ? 'cg-adopted' : 'cg-rejected'}`}>
            {r.adopted ? '草案通过' : '草案没有通过'}
          </View>
          <View className="cg-figures" id="cg-figures">
            应到 {r.electorate} 人，实到 {r.attendance} 人{r.quorumMet ? '' : '（不足法定人数）'}。赞成 {r.approve} 票，反对 {r.reject}{' '}
            票，弃权 {r.abstain} 票。
          </View>
          {c.myChoice && <View className="muted">你投的是：{CONGRESS_CHOICE_LABELS[c.myChoice]}</View>}
        </Card>
      )}
      {c.status === 'closed' && !r && <StateView status="loading" />}
    </View>
  )
}
