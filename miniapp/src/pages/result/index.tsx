// Where the others stand: horizontal bars, the worker's own choices marked; the published suggestions in groups.
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { CONSULTATION_STATUS_LABELS } from '@xst/shared-types'
import { getConsultation, getResultsOrHidden } from '../../api/consultations'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { PublicationNote, UnpublishedState } from '../../components/Publication'
import { ResultBars } from '../../components/ResultBars'
import { SuggestionGroups } from '../../components/SuggestionGroups'
import { ErrorState, StateView } from '../../components/StateView'
import { useLoad } from '../../hooks/useLoad'
import { ROUTES, TABS, goTab } from '../../utils/nav'
import { formatDateTime } from '../../utils/time'
import './index.css'
import { pageStyle } from '../../utils/comfort'

export default function ResultPage() {
  const id = useRouter().params.id ?? ''
  const loaded = useLoad(
    async () => {
      const [consultation, answer] = await Promise.all([getConsultation(id), getResultsOrHidden(id)])
      return { consultation, ...answer }
    },
    [id],
    !!id,
  )

  usePullDownRefresh(async () => {
    await loaded.reload()
    Taro.stopPullDownRefresh()
  })

  if (loaded.loading && !loaded.data)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="loading" />
      </View>
    )
  if (loaded.error && !loaded.data)
    return (
      <View className="page" style={pageStyle()}>
        <ErrorState error={loaded.error} onRetry={loaded.reload} />
      </View>
    )
  if (!loaded.data) return null
  const { consultation: c, results, hidden } = loaded.data

  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">{c.title}</View>
      <View className="row" style={{ marginBottom: '12px', flexWrap: 'wrap' }}>
        <View className={`badge ${c.status === 'open' ? 'badge-green' : 'badge-grey'}`}>{CONSULTATION_STATUS_LABELS[c.status]}</View>
        <View className="muted" style={{ marginLeft: '8px' }}>
          {formatDateTime(c.closesAt)} 截止
        </View>
      </View>
      {results?.published ? (
        <View>
          <View className="page-lead" id="result-total">
            共 {results.ballots} 人参与{c.eligibility === 'verified' ? '（均已核验）' : '（身份未核验）'}
            {c.mode === 'ranking' ? '，按得分排序（排第一得分最多）' : ''}
          </View>
          <PublicationNote results={results} />
          <Card>
            <ResultBars results={results} mine={c.myBallot?.choices} />
          </Card>
          {c.allowSuggestions && (
            <View id="result-suggestions">
              <View className="section-title">大家的建议</View>
              <SuggestionGroups consultationId={c.id} />
            </View>
          )}
        </View>
      ) : results ? (
        <Card>
          <UnpublishedState results={results} />
        </Card>
      ) : (
        <StateView
          status="empty"
          id="results-hidden"
          title="结果还没公布"
          message={hidden?.message}
          action={
            hidden?.code === 'results_after_vote' && c.status === 'open' ? (
              <Button id="go-vote" onClick={() => Taro.redirectTo({ url: ROUTES.vote(c.id) })}>
                去投票
              </Button>
            ) : undefined
          }
        />
      )}
      <View className="result-actions">
        {c.status === 'open' && c.myBallot && (
          <Button id="change-vote" type="secondary" onClick={() => Taro.redirectTo({ url: ROUTES.vote(c.id) })}>
            改一改我的选择
          </Button>
        )}
        <View className="result-next">
          <Button
            id="result-to-topics"
            className="result-next-btn"
            type="secondary"
            size="medium"
            block={false}
            onClick={() => goTab(TABS.consultations)}
          >
            回到议题
          </Button>
          <Button
            id="result-to-negotiation"
            className="result-next-btn result-next-gap"
            type="secondary"
            size="medium"
            block={false}
            onClick={() => goTab(TABS.negotiation)}
          >
            看看协商进展
          </Button>
        </View>
      </View>
    </View>
  )
}
