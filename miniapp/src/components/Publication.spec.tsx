// What a reader sees of results published in steps: 不足 k 人，暂不公布 below k, and when the results next change.
import { render, screen } from '@testing-library/react'
import type { ConsultationResults } from '@xst/shared-types'
import { PublicationNote, UnpublishedState } from './Publication'

const head = { consultationId: 'c', status: 'open', mode: 'multiple' } as const

it('says only 不足 k 人，暂不公布 and how many more are needed while too few have voted', () => {
  const r: ConsultationResults = { ...head, published: false, reason: 'too_few', publication: { step: 5, final: false, untilNext: 2 } }
  render(<UnpublishedState results={r} />)
  expect(screen.getByText('不足 5 人，暂不公布')).toBeTruthy()
  expect(screen.getByText('还差 2 人更新')).toBeTruthy()
})

it('says the first results are one step away without naming any count', () => {
  const r: ConsultationResults = {
    ...head,
    published: false,
    reason: 'first_pending',
    publication: { step: 5, final: false, untilNext: 4 },
  }
  const { container } = render(<UnpublishedState results={r} />)
  expect(screen.getByText('结果暂不公布')).toBeTruthy()
  expect(screen.getByText('还差 4 人更新')).toBeTruthy()
  expect(container.textContent).not.toMatch(/共|参与 \d/)
})

it('tells after close that too few took part, with no next update', () => {
  const r: ConsultationResults = {
    ...head,
    status: 'closed',
    published: false,
    reason: 'too_few',
    publication: { step: 5, final: true, untilNext: null },
  }
  const { container } = render(<UnpublishedState results={r} />)
  expect(container.textContent).toContain('征集已结束')
  expect(container.textContent).not.toContain('还差')
})

it('shows above published results when they next advance, and 最终结果 once closed', () => {
  const published = (final: boolean): ConsultationResults => ({
    ...head,
    published: true,
    publication: { step: 5, final, untilNext: final ? null : 3 },
    ballots: 10,
    topics: [],
    suggestions: [],
    suggestionCount: 0,
    breakdowns: { industry: [], city: [] },
  })
  const { container, rerender } = render(<PublicationNote results={published(false)} />)
  expect(container.textContent).toBe('结果每满 5 人更新一次还差 3 人更新')
  rerender(<PublicationNote results={published(true)} />)
  expect(container.textContent).toBe('最终结果')
})
