// Why the suggestions are not shown yet: the same steps of k people as the results, said in the rider's words.
import type { SuggestionsSummary } from '@xst/shared-types'
import { unpublishedMessage } from './SuggestionGroups'

const none = { published: false, suggestions: 0, texts: 0, groups: 0 } as const

it('names the step and how many more are needed while the consultation is open', () => {
  const s: SuggestionsSummary = { ...none, reason: 'too_few', publication: { step: 5, final: false, untilNext: 1 } }
  expect(unpublishedMessage(s)).toBe('建议和结果一起公布，每满 5 人更新一次，这样谁写了什么不会被认出来。还差 1 人。')
})

it('follows the configured step, not a fixed five', () => {
  const s: SuggestionsSummary = { ...none, reason: 'first_pending', publication: { step: 8, final: false, untilNext: 3 } }
  expect(unpublishedMessage(s)).toContain('每满 8 人更新一次')
})

it('says the suggestions stay unpublished once a consultation closed with too few people', () => {
  const s: SuggestionsSummary = { ...none, reason: 'too_few', publication: { step: 5, final: true, untilNext: null } }
  expect(unpublishedMessage(s)).toBe('征集已结束，参与不足 5 人，建议不公布，这样谁写了什么不会被认出来。')
})
