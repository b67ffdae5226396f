// How a worker finds their own ballot among the results: 我选了 for a choice, 我排第 N for a ranking.
import { render, screen } from '@testing-library/react'
import type { PublishedResults } from '@xst/shared-types'
import { ResultBars } from './ResultBars'

const topic = (topicId: string, title: string, votes: number, points?: number) => ({
  topicId,
  code: null,
  title,
  votes,
  share: votes / 10,
  ...(points === undefined ? {} : { points }),
})
const results = (over: Partial<PublishedResults>): PublishedResults => ({
  consultationId: 'c',
  status: 'open',
  mode: 'multiple',
  publication: { step: 5, final: false, untilNext: 5 },
  published: true,
  ballots: 10,
  topics: [topic('a', '抽成比例', 6), topic('b', '算法规则', 3), topic('c', '劳动保护', 8)],
  suggestions: [],
  suggestionCount: 0,
  breakdowns: { industry: [], city: [] },
  ...over,
})
const badgeOf = (title: string) => screen.getByText(title).closest('.result-row')?.querySelector('.xbar-mine')?.textContent ?? null

it('marks the topics a worker chose with 我选了', () => {
  render(<ResultBars results={results({})} mine={['b', 'c']} />)
  expect(badgeOf('算法规则')).toBe('我选了')
  expect(badgeOf('劳动保护')).toBe('我选了')
  expect(badgeOf('抽成比例')).toBeNull()
})

it('tells a ranking worker where they put each topic, whatever the overall order', () => {
  const ranked = results({
    mode: 'ranking',
    topics: [topic('a', '抽成比例', 9, 25), topic('b', '算法规则', 7, 14), topic('c', '劳动保护', 8, 21)],
    order: ['a', 'c', 'b'],
  })
  render(<ResultBars results={ranked} mine={['b', 'a']} />)
  expect(badgeOf('算法规则')).toBe('我排第 1')
  expect(badgeOf('抽成比例')).toBe('我排第 2')
  expect(badgeOf('劳动保护')).toBeNull()
  expect(screen.queryByText('我选了')).toBeNull()
})
