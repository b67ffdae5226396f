// The paged list every growing list shares, over a list of its own served by cursor the way the server serves it.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { Page } from '@xst/shared-types'
import { useState } from 'react'
import { taroTest } from '../../test/taro'
import { ListMore } from '../components/ListMore'
import { usePaged } from './usePaged'

const ROWS = Array.from({ length: 45 }, (_, i) => ({ id: `r${i}`, name: `第${i}家` }))

/** Cursor = the index after the last row sent; `fail` makes the next call fail once; `hold` keeps answers back. */
function server() {
  const calls: { cursor?: string; limit: number; filter: string }[] = []
  let fail = false
  const held: (() => void)[] = []
  let holding = false
  return {
    calls,
    failNext: () => (fail = true),
    hold: () => (holding = true),
    release: () => {
      holding = false
      for (const r of held.splice(0)) r()
    },
    fetch: async (cursor: string | undefined, limit: number, filter: string): Promise<Page<{ id: string; name: string }>> => {
      calls.push({ cursor, limit, filter })
      if (holding) await new Promise<void>((r) => held.push(r))
      if (fail) {
        fail = false
        throw new Error('网络不通')
      }
      const rows = filter === 'odd' ? ROWS.filter((_, i) => i % 2) : ROWS
      const from = cursor ? Number(cursor) : 0
      const items = rows.slice(from, from + limit)
      return { items, total: rows.length, next: from + limit < rows.length ? String(from + limit) : null }
    },
  }
}

function List({ s }: { s: ReturnType<typeof server> }) {
  const [filter, setFilter] = useState('all')
  const list = usePaged((cursor, limit) => s.fetch(cursor, limit, filter), [filter])
  return (
    <div>
      <button type="button" onClick={() => setFilter('odd')}>
        只看单数
      </button>
      {list.loading && !list.items && <span>正在加载</span>}
      {list.items?.map((r) => (
        <div key={r.id} data-testid="row">
          {r.name}
        </div>
      ))}
      <ListMore list={list} id="t" unit="家" />
    </div>
  )
}

const rows = () => screen.queryAllByTestId('row').map((e) => e.textContent)

it('shows the first page, the next on reaching the bottom, and the end with the count', async () => {
  const s = server()
  render(<List s={s} />)
  await waitFor(() => expect(rows()).toHaveLength(20))
  expect(screen.getByText('加载更多（已显示 20 / 45 家）')).toBeTruthy()
  await act(async () => taroTest.reachBottom())
  await waitFor(() => expect(rows()).toHaveLength(40))
  fireEvent.click(screen.getByText('加载更多（已显示 40 / 45 家）'))
  await waitFor(() => expect(rows()).toHaveLength(45))
  expect(screen.getByText('已全部显示，共 45 家')).toBeTruthy()
  expect(rows()).toEqual(ROWS.map((r) => r.name))
  // At the end, reaching the bottom asks for nothing more.
  const before = s.calls.length
  await act(async () => taroTest.reachBottom())
  expect(s.calls).toHaveLength(before)
})

it('keeps what it showed when the next page fails, and loads it on 重试', async () => {
  const s = server()
  render(<List s={s} />)
  await waitFor(() => expect(rows()).toHaveLength(20))
  s.failNext()
  await act(async () => taroTest.reachBottom())
  await waitFor(() => expect(screen.getByText(/没能加载更多/)).toBeTruthy())
  expect(rows()).toHaveLength(20)
  fireEvent.click(screen.getByText(/点这里重试/))
  await waitFor(() => expect(rows()).toHaveLength(40))
})

it('starts again from the first page when the filter changes, dropping a page of the old filter still on its way', async () => {
  const s = server()
  render(<List s={s} />)
  await waitFor(() => expect(rows()).toHaveLength(20))
  s.hold()
  await act(async () => taroTest.reachBottom()) // page 2 of "all", held back
  fireEvent.click(screen.getByText('只看单数'))
  s.release()
  await waitFor(() =>
    expect(rows()).toEqual(
      ROWS.filter((_, i) => i % 2)
        .slice(0, 20)
        .map((r) => r.name),
    ),
  )
  expect(s.calls.at(-1)).toEqual({ cursor: undefined, limit: 20, filter: 'odd' })
})

it('reads again as many rows as it showed when the page shows again, so coming back keeps the place', async () => {
  const s = server()
  render(<List s={s} />)
  await waitFor(() => expect(rows()).toHaveLength(20))
  await act(async () => taroTest.reachBottom())
  await waitFor(() => expect(rows()).toHaveLength(40))
  await act(async () => taroTest.show())
  await waitFor(() => expect(s.calls.at(-1)).toEqual({ cursor: undefined, limit: 40, filter: 'all' }))
  await waitFor(() => expect(rows()).toHaveLength(40))
  expect(screen.getByText('加载更多（已显示 40 / 45 家）')).toBeTruthy()
})
