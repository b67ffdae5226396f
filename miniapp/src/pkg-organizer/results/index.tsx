// Live results for staff: participation, bars, breakdowns and the suggestions' text (never who wrote them).
import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { CONSULTATION_MODE_LABELS, CONSULTATION_STATUS_LABELS, INDUSTRY_LABELS } from '@xst/shared-types'
import type { Industry } from '@xst/shared-types'
import { closeConsultation, extendConsultation, getConsultation, getParticipation, getResults } from '../../api/consultations'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ResultBars } from '../../components/ResultBars'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { addDays, formatDateTime } from '../../utils/time'
import './index.css'

const LIVE_REFRESH_MS = 15000

export default function OrganizerResults() {
  const id = useRouter().params.id ?? ''
  const [busy, setBusy] = useState<'close' | 'extend' | null>(null)
  const loaded = useLoad(async () => {
    const [consultation, results, participation] = await Promise.all([getConsultation(id), getResults(id), getParticipation(id)])
    return { consultation, results, participation }
  }, [id], !!id)

  usePullDownRefresh(async () => {
    await loaded.reload()
    Taro.stopPullDownRefresh()
  })

  const open = loaded.data?.consultation.status === 'open'
  useEffect(() => {
    if (!open) return
    const t = setInterval(() => void loaded.reload(), LIVE_REFRESH_MS)
    return () => clearInterval(t)
  }, [open, loaded.reload])

  if (loaded.loading && !loaded.data) return <View className='page'><StateView status='loading' /></View>
  if (loaded.error && !loaded.data) return <View className='page'><ErrorState error={loaded.error} onRetry={loaded.reload} /></View>
  if (!loaded.data) return null
  const { consultation: c, results: r, participation: p } = loaded.data

  const closeNow = async () => {
    const { confirm } = await Taro.showModal({ title: '提前结束', content: '结束后劳动者不能再提交或修改。确定结束吗？', confirmText: '结束', cancelText: '取消' })
    if (!confirm) return
    setBusy('close')
    try {
      await closeConsultation(c.id)
      toast.success('已结束')
      await loaded.reload()
    } catch (e) {
      toast.error(e)
    } finally {
      setBusy(null)
    }
  }
  const extend = async () => {
    setBusy('extend')
    try {
      await extendConsultation(c.id, { closesAt: addDays(new Date(c.closesAt), 7).toISOString() })
      toast.success('已延长 7 天')
      await loaded.reload()
    } catch (e) {
      toast.error(e)
    } finally {
      setBusy(null)
    }
  }

  const label = (key: string, fallback: string) => (key in INDUSTRY_LABELS ? INDUSTRY_LABELS[key as Industry] : fallback)
  return (
    <View className='page'>
      <StaleBanner error={loaded.error} onRetry={loaded.reload} />
      <View className='page-title'>{c.title}</View>
      <View className='row or-badges'>
        <View className={`badge ${c.status === 'open' ? 'badge-green' : c.status === 'upcoming' ? 'badge-blue' : 'badge-grey'}`}>{CONSULTATION_STATUS_LABELS[c.status]}</View>
        <View className='badge badge-grey'>{CONSULTATION_MODE_LABELS[c.mode]}</View>
        <View className='muted'>{c.regionName}</View>
      </View>
      <View className='muted'>{formatDateTime(c.opensAt)} – {formatDateTime(c.closesAt)}{c.closedEarly ? '（提前结束）' : ''}</View>

      <View className='or-stats' id='participation'>
        <View className='or-stat'><View className='or-stat-n' id='participation-ballots'>{p.ballots}</View><View className='muted'>份意见</View></View>
        <View className='or-stat'><View className='or-stat-n'>{p.registered}</View><View className='muted'>范围内登记人数</View></View>
        <View className='or-stat'><View className='or-stat-n' id='participation-rate'>{p.rate === null ? '—' : `${Math.round(p.rate * 1000) / 10}%`}</View><View className='muted'>参与率</View></View>
      </View>
      {open && <View className='muted or-live'>每 15 秒自动刷新</View>}

      <View className='section-title'>议题排名</View>
      <Card>{r.ballots === 0 ? <StateView status='empty' title='还没有人投票' /> : <ResultBars results={r} />}</Card>

      {r.ballots > 0 && (
        <>
          <View className='section-title'>按行业</View>
          <Card>
            {r.breakdowns.industry.map((g) => (
              <View key={g.key} className='row-between or-group'><View>{label(g.key, g.label)}</View><View>{g.ballots} 份</View></View>
            ))}
            <View className='muted'>不足 5 份的分组合并为“其他”，保护个人意见。</View>
          </Card>
        </>
      )}

      {c.allowSuggestions && (
        <>
          <View className='section-title'>文字建议（{r.suggestions.length}）</View>
          <Card id='suggestions'>
            {r.suggestions.length === 0 ? <View className='muted'>还没有文字建议</View> : r.suggestions.map((s, i) => (
              <View key={i} className='or-suggestion suggestion-item'>{s}</View>
            ))}
          </Card>
        </>
      )}

      {c.status !== 'closed' && (
        <View className='or-actions stack'>
          <Button id='c-extend' type='secondary' loading={busy === 'extend'} onClick={extend}>截止时间延长 7 天</Button>
          {c.status === 'open' && <Button id='c-close' type='danger' loading={busy === 'close'} onClick={closeNow}>提前结束</Button>}
        </View>
      )}
    </View>
  )
}
