// The vote page in every state a rider meets, against the fake server behind Taro.request.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { Consultation } from '@xst/shared-types'
import { type ConsultationSpec, FakeServer } from '../../../test/fake-server'
import { taroTest } from '../../../test/taro'
import { saveSession } from '../../api/session'
import VotePage from './index'

let server: FakeServer
let rider: { id: string }

beforeEach(() => {
  server = new FakeServer().install()
  const auth = server.signIn({ role: 'worker', industry: 'rider', regionCode: '510104' })
  saveSession(auth)
  rider = auth.user
})

function open(c: Consultation | { id: string }) {
  taroTest.params = { id: c.id }
  return render(<VotePage />)
}

async function openConsultation(spec: ConsultationSpec = {}) {
  const c = server.addConsultation(spec)
  open(c)
  await screen.findByText(c.title)
  return c
}

const tap = (text: string) => fireEvent.click(screen.getByText(text))
const submitButton = () => document.getElementById('vote-submit')!
const isOn = (title: string) => screen.getByText(title).closest('.topic-option')?.classList.contains('topic-option-on')
const rankedTitles = () => Array.from(document.querySelectorAll('.ranked-item .ranked-title')).map((e) => e.textContent)

describe('the vote page', () => {
  it('shows that it is loading until the consultation arrives', async () => {
    const c = server.addConsultation()
    server.hold()
    open(c)
    expect(screen.getByText('正在加载…')).toBeTruthy()
    await act(async () => server.release())
    await screen.findByText(c.title)
    expect(screen.queryByText('正在加载…')).toBeNull()
  })

  it('says the consultation cannot be found, and leads back to 议题 instead of a useless 重试', async () => {
    open({ id: '00000000-0000-4000-8000-999999999999' })
    await screen.findByText('找不到这次意见征集')
    expect(screen.getByText('意见征集不存在或无权查看')).toBeTruthy()
    expect(screen.queryByText('重试')).toBeNull()
    tap('回到议题')
    expect(taroTest.navigations).toEqual([{ kind: 'switchTab', url: '/pages/consultations/index' }])
  })

  it('offers 重试 when the page could not load for lack of signal, and loads when tapped', async () => {
    const c = server.addConsultation()
    server.online = false
    open(c)
    await screen.findByText('网络不通，请检查网络后重试')
    server.online = true
    tap('重试')
    await screen.findByText(c.title)
  })

  it('says a closed consultation is over, thanks a rider who took part and offers the results', async () => {
    const c = server.addConsultation({ opensInHours: -72, closesInHours: -1 })
    server.addBallot(c.id, [c.topics[0].id], rider.id)
    open(c)
    await screen.findByText('这次意见征集已经结束')
    expect(screen.getByText('你参与过这次征集，谢谢你。')).toBeTruthy()
    expect(document.getElementById('vote-submit')).toBeNull()
    tap('看看结果')
    expect(taroTest.navigations).toEqual([{ kind: 'redirectTo', url: `/pages/result/index?id=${c.id}` }])
  })

  it('says when a consultation that has not opened yet will start', async () => {
    const c = server.addConsultation({ opensInHours: 5, closesInHours: 48 })
    open(c)
    await screen.findByText('还没有开始')
    expect(document.getElementById('vote-submit')).toBeNull()
  })

  it('shows a rider’s earlier ballot, and replaces it with the new choice', async () => {
    const c = server.addConsultation({ mode: 'multiple', maxChoices: 3 })
    server.addBallot(c.id, [c.topics[0].id, c.topics[1].id], rider.id)
    open(c)
    await screen.findByText(c.title)
    expect(screen.getByText(/你已提交过，可以改/)).toBeTruthy()
    expect(isOn('抽成比例')).toBe(true)
    expect(isOn('算法规则')).toBe(true)
    expect(submitButton().textContent).toBe('更新我的选择')
    tap('算法规则')
    tap('劳动保护')
    fireEvent.click(submitButton())
    await waitFor(() => expect(taroTest.toasts).toContainEqual({ title: '已提交', icon: 'success' }))
    expect(server.ballotOf(c.id, rider.id)?.choices).toEqual([c.topics[0].id, c.topics[3].id])
  })

  it('keeps a multiple choice within its limit and says why a further tap does nothing', async () => {
    await openConsultation({ mode: 'multiple', maxChoices: 2 })
    expect(screen.getByText('最多选 2 个你最关心的议题')).toBeTruthy()
    tap('抽成比例')
    tap('算法规则')
    tap('派单规则')
    expect(isOn('派单规则')).toBe(false)
    expect(document.getElementById('vote-count')?.textContent).toBe('已选 2/2')
    expect(taroTest.toasts.at(-1)).toEqual({ title: '最多选 2 个，先取消一个', icon: 'none' })
    // Taking one back makes room again.
    tap('算法规则')
    tap('派单规则')
    expect(isOn('派单规则')).toBe(true)
  })

  it('lets a single choice be only one topic: a second tap moves it', async () => {
    await openConsultation({ mode: 'single' })
    tap('抽成比例')
    tap('算法规则')
    expect(isOn('抽成比例')).toBe(false)
    expect(isOn('算法规则')).toBe(true)
    expect(document.getElementById('vote-count')).toBeNull()
  })

  it('cannot be submitted with nothing chosen', async () => {
    await openConsultation()
    expect(submitButton().getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(submitButton())
    expect(server.calls.filter((x) => x.method === 'PUT')).toHaveLength(0)
  })

  it('sends a ranking in the order the rider put it, after moving and removing', async () => {
    const c = await openConsultation({ mode: 'ranking', maxChoices: 3 })
    expect(screen.getByText('依次点选，最重要的排第一，最多排 3 个')).toBeTruthy()
    tap('派单规则')
    tap('抽成比例')
    tap('劳动保护')
    expect(rankedTitles()).toEqual(['派单规则', '抽成比例', '劳动保护'])
    // A fourth does not fit.
    tap('算法规则')
    expect(taroTest.toasts.at(-1)).toEqual({ title: '最多排 3 个，先移除一个', icon: 'none' })
    const items = document.querySelectorAll('.ranked-item')
    fireEvent.click(within(items[2] as HTMLElement).getByText('↑'))
    expect(rankedTitles()).toEqual(['派单规则', '劳动保护', '抽成比例'])
    // The first cannot go higher.
    fireEvent.click(within(document.querySelectorAll('.ranked-item')[0] as HTMLElement).getByText('↑'))
    expect(rankedTitles()).toEqual(['派单规则', '劳动保护', '抽成比例'])
    fireEvent.click(within(document.querySelectorAll('.ranked-item')[0] as HTMLElement).getByText('✕'))
    expect(rankedTitles()).toEqual(['劳动保护', '抽成比例'])
    tap('算法规则')
    fireEvent.click(submitButton())
    await waitFor(() => expect(server.ballotOf(c.id, rider.id)).toBeDefined())
    const titleOf = (id: string) => c.topics.find((t) => t.id === id)?.title
    expect(server.ballotOf(c.id, rider.id)?.choices.map(titleOf)).toEqual(['劳动保护', '抽成比例', '算法规则'])
  })

  it('keeps the selection and the suggestion when the network fails, and sends them with 重试', async () => {
    const c = await openConsultation({ mode: 'multiple', maxChoices: 3 })
    tap('抽成比例')
    tap('派单规则')
    fireEvent.change(document.getElementById('vote-suggestion')!, { target: { value: '希望站点多装充电桩' } })
    server.online = false
    fireEvent.click(submitButton())
    await screen.findByText('网络不通，请检查网络后重试。你的选择还在，恢复后点“重试”。')
    expect(submitButton().textContent).toBe('重试')
    expect(isOn('抽成比例')).toBe(true)
    expect(isOn('派单规则')).toBe(true)
    expect((document.getElementById('vote-suggestion') as HTMLTextAreaElement).value).toBe('希望站点多装充电桩')
    expect(server.ballotOf(c.id, rider.id)).toBeUndefined()

    server.online = true
    fireEvent.click(submitButton())
    await waitFor(() => expect(taroTest.toasts).toContainEqual({ title: '已提交', icon: 'success' }))
    expect(server.ballotOf(c.id, rider.id)).toMatchObject({
      choices: [c.topics[0].id, c.topics[2].id],
      suggestion: '希望站点多装充电桩',
    })
  })

  it('finds the choices and the suggestion where the rider left them after leaving the page', async () => {
    const c = server.addConsultation({ mode: 'multiple', maxChoices: 3 })
    const first = open(c)
    await screen.findByText(c.title)
    tap('算法规则')
    fireEvent.change(document.getElementById('vote-suggestion')!, { target: { value: '晚高峰派单太密' } })
    first.unmount()

    open(c)
    await screen.findByText(c.title)
    expect(isOn('算法规则')).toBe(true)
    expect((document.getElementById('vote-suggestion') as HTMLTextAreaElement).value).toBe('晚高峰派单太密')
    expect(server.calls.filter((x) => x.method === 'PUT')).toHaveLength(0)
  })

  it('shows the server’s reason when it refuses the ballot, with the way forward', async () => {
    const c = await openConsultation({ closesInHours: 1 })
    tap('抽成比例')
    // The consultation closes while the rider hesitates.
    server.closeConsultation(c.id)
    fireEvent.click(submitButton())
    await screen.findByText('这次意见征集已经结束，不能再提交')
    expect(submitButton().getAttribute('aria-disabled')).toBe('true')
    tap('看结果')
    expect(taroTest.navigations).toEqual([{ kind: 'redirectTo', url: `/pages/result/index?id=${c.id}` }])
  })

  it('confirms a ballot, forgets the draft and goes to the results', async () => {
    const c = await openConsultation({ resultsVisibility: 'after_vote' })
    tap('算法规则')
    fireEvent.click(submitButton())
    await waitFor(() => expect(taroTest.toasts).toContainEqual({ title: '已提交', icon: 'success' }))
    expect(server.ballotOf(c.id, rider.id)?.choices).toEqual([c.topics[1].id])
    expect(taroTest.storage.has(`xst.draft.${c.id}`)).toBe(false)
    await waitFor(() => expect(taroTest.navigations).toEqual([{ kind: 'redirectTo', url: `/pages/result/index?id=${c.id}` }]))
  })

  it('goes back after a ballot whose results come only after the close', async () => {
    await openConsultation({ resultsVisibility: 'after_close' })
    tap('算法规则')
    fireEvent.click(submitButton())
    await waitFor(() => expect(taroTest.navigations).toEqual([{ kind: 'switchTab', url: '/pages/consultations/index' }]))
  })
})
