// How published results are shown: a snapshot that advances every k people (results-publication on the server), so
// the page says when it next changes, and below k people says only 不足 k 人，暂不公布.
import { View } from '@tarojs/components'
import type { ConsultationResults } from '@xst/shared-types'
import { StateView } from './StateView'
import './Publication.css'

/** 还差 N 人更新 while open; nothing once final. */
export function untilNextText(r: ConsultationResults): string | null {
  const { untilNext, final } = r.publication
  return final || untilNext === null ? null : `还差 ${untilNext} 人更新`
}

/** The line above published bars: which snapshot this is and when the next one comes. */
export function PublicationNote({ results }: { results: ConsultationResults }) {
  const next = untilNextText(results)
  return (
    <View className="xpub-note" id="results-publication">
      {results.publication.final ? '最终结果' : `结果每满 ${results.publication.step} 人更新一次`}
      {next && (
        <View className="xpub-next" id="results-next">
          {next}
        </View>
      )}
    </View>
  )
}

/** Nothing published: too few people in all, or the first snapshot still one step away. */
export function UnpublishedState({ results }: { results: Extract<ConsultationResults, { published: false }> }) {
  const k = results.publication.step
  const next = untilNextText(results)
  const tooFew = results.reason === 'too_few'
  return (
    <StateView
      status="empty"
      id="results-unpublished"
      title={tooFew ? `不足 ${k} 人，暂不公布` : '结果暂不公布'}
      message={
        <View>
          {next && (
            <View className="xpub-next" id="results-next">
              {next}
            </View>
          )}
          <View>
            {results.publication.final
              ? `征集已结束，参与不足 ${k} 人，结果不公布，以免看出个人的选择。`
              : `为了不让人看出某个人的选择，结果每满 ${k} 人才更新一次。`}
          </View>
        </View>
      }
    />
  )
}
