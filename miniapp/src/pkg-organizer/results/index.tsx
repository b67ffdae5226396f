// Published results for staff (a snapshot every k people, 还差 N 人更新): participation, bars, breakdowns by industry and city, the roll after close, the
// suggestions' text (never who wrote them) and the exports. Each section loads and fails on its own.
import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter, useShareAppMessage } from '@tarojs/taro'
import { CONSULTATION_MODE_LABELS, CONSULTATION_STATUS_LABELS, DENOMINATOR_LABELS } from '@xst/shared-types'
import {
  closeConsultation,
  extendConsultation,
  getConsultation,
  getParticipation,
  getResultsOrHidden,
  getRoll,
} from '../../api/consultations'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { PublicationNote, UnpublishedState } from '../../components/Publication'
import { ResultBars } from '../../components/ResultBars'
import { SuggestionGroups } from '../../components/SuggestionGroups'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { ROUTES, go } from '../../utils/nav'
import { addDays, formatDateTime } from '../../utils/time'
import { Breakdown, ExportSection, RollSection, SuggestionExport } from '../components/ResultSections'
import { SpreadSection } from '../components/SpreadSection'
import { consultationCard } from '../../utils/share'
import './index.css'
import { pageStyle } from '../../utils/comfort'

const LIVE_REFRESH_MS = 15000
const editRoute = (id: string) => `/pkg-organizer/edit/index?id=${id}`

export default function OrganizerResults() {
  const id = useRouter().params.id ?? ''
  const [busy, setBusy] = useState<'close' | 'extend' | null>(null)
  const loaded = useLoad(
    async () => {
      const [consultation, participation] = await Promise.all([getConsultation(id), getParticipation(id)])
      return { consultation, participation }
    },
    [id],
    !!id,
  )
  const results = useLoad(() => getResultsOrHidden(id), [id], !!id)
  const closed = loaded.data?.consultation.status === 'closed'
  const roll = useLoad(() => getRoll(id), [id, closed], !!id && closed)

  const reloadAll = async () => {
    await Promise.all([loaded.reload(), results.reload(), closed ? roll.reload() : Promise.resolve()])
  }
  // The card sent to riders' chats opens the vote page, not this one.
  useShareAppMessage(() => {
    const c = loaded.data?.consultation
    return c ? consultationCard(c) : { title: '协商通：职工意见征集', path: '/pages/consultations/index' }
  })
  usePullDownRefresh(async () => {
    await reloadAll()
    Taro.stopPullDownRefresh()
  })

  const open = loaded.data?.consultation.status === 'open'
  useEffect(() => {
    if (!open) return
    const t = setInterval(() => {
      void loaded.reload()
      void results.reload()
    }, LIVE_REFRESH_MS)
    return () => clearInterval(t)
  }, [open, loaded.reload, results.reload])

  if (loaded.loading && !loaded.data)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="loading" />
      </View>
    )
  if (loaded.error && !loaded.data)
    return (
      <View className="page" style={pageStyle()}>
        <ErrorState error={loaded.error} onRetry={() => void reloadAll()} />
      </View>
    )
  if (!loaded.data) return null
  const { consultation: c, participation: p } = loaded.data
  const r = results.data?.results ?? null
  const hidden = results.data?.hidden ?? null
  const shown = r?.published ? r : null

  const closeNow = async () => {
    const { confirm } = await Taro.showModal({
      title: '提前结束',
      content: '结束后劳动者不能再提交或修改。确定结束吗？',
      confirmText: '结束',
      cancelText: '取消',
    })
    if (!confirm) return
    setBusy('close')
    try {
      await closeConsultation(c.id)
      toast.success('已结束')
      await reloadAll()
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
      await reloadAll()
    } catch (e) {
      toast.error(e)
    } finally {
      setBusy(null)
    }
  }

  return (
    <View className="page" style={pageStyle()}>
      <StaleBanner error={loaded.error ?? (results.data ? results.error : null)} onRetry={() => void reloadAll()} />
      <View className="page-title">{c.title}</View>
      <View className="row or-badges">
        <View className={`badge ${c.status === 'open' ? 'badge-green' : c.status === 'upcoming' ? 'badge-blue' : 'badge-grey'}`}>
          {CONSULTATION_STATUS_LABELS[c.status]}
        </View>
        <View className="badge badge-grey">{CONSULTATION_MODE_LABELS[c.mode]}</View>
        <View className="muted">{c.regionName}</View>
      </View>
      <View className="muted">
        {formatDateTime(c.opensAt)} – {formatDateTime(c.closesAt)}
        {c.closedEarly ? '（提前结束）' : ''}
      </View>

      {c.status === 'upcoming' && (
        <Card className="or-upcoming">
          <View className="or-upcoming-text">还没开始。开始前可以修改标题、范围、时间和议题。</View>
          <Button id="c-edit" type="secondary" size="medium" onClick={() => go(editRoute(c.id))}>
            修改内容
          </Button>
        </Card>
      )}

      {c.status !== 'closed' && <SpreadSection consultation={c} />}

      <View className="or-stats" id="participation">
        <View className="or-stat">
          <View className="or-stat-n" id="participation-ballots">
            {p.ballots ?? '—'}
          </View>
          <View className="muted">份意见</View>
        </View>
        <View className="or-stat">
          <View className="or-stat-n" id="participation-denominator">
            {p.denominatorCount}
          </View>
          <View className="muted">{DENOMINATOR_LABELS[p.denominator]}</View>
        </View>
        <View className="or-stat">
          <View className="or-stat-n" id="participation-rate">
            {p.rate === null ? '—' : `${Math.round(p.rate * 1000) / 10}%`}
          </View>
          <View className="muted">参与率</View>
        </View>
      </View>
      <View className="muted or-live" id="participation-basis">
        参与率 = 参与人数 ÷ {p.denominatorLabel}
      </View>
      {open && <View className="muted or-live">每 15 秒自动刷新</View>}

      <View className="section-title">议题排名</View>
      <Card>
        {shown ? (
          <View>
            <PublicationNote results={shown} />
            <ResultBars results={shown} />
          </View>
        ) : r && !r.published ? (
          <UnpublishedState results={r} />
        ) : hidden ? (
          <StateView status="empty" id="results-hidden" title="结果还没公布" message={hidden.message} />
        ) : results.error ? (
          <ErrorState error={results.error} onRetry={results.reload} />
        ) : (
          <StateView status="loading" />
        )}
      </Card>

      <Breakdown id="results-by-industry" title="按行业" by="industry" loaded={results} />
      <Breakdown id="results-by-city" title="按城市" by="city" loaded={results} />

      <RollSection closed={closed} loaded={roll} />

      {c.allowSuggestions && (
        <>
          <View className="section-title">文字建议</View>
          <SuggestionGroups
            consultationId={c.id}
            organizer={{ onMakeTopic: (title) => go(`${ROUTES.organizerCreate}?topic=${encodeURIComponent(title)}`) }}
          />
          <SuggestionExport consultationId={c.id} title={c.title} />
        </>
      )}

      <ExportSection consultationId={c.id} title={c.title} />

      {c.status !== 'closed' && (
        <View className="or-actions stack">
          <Button id="c-extend" type="secondary" loading={busy === 'extend'} onClick={extend}>
            截止时间延长 7 天
          </Button>
          {c.status === 'open' && (
            <Button id="c-close" type="danger" loading={busy === 'close'} onClick={closeNow}>
              提前结束
            </Button>
          )}
        </View>
      )}
    </View>
  )
}
