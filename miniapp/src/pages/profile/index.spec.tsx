// The profile form as every form behaves: the toast names each missing field, an error goes once its field is right.
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { FakeServer } from '../../../test/fake-server'
import { taroTest } from '../../../test/taro'
import { getCachedUser, saveSession } from '../../api/session'
import ProfilePage from './index'

let server: FakeServer

beforeEach(() => {
  server = new FakeServer().install()
  saveSession(server.signIn({ role: 'worker', industry: null, regionCode: null }))
})

const save = () => fireEvent.click(document.getElementById('profile-save')!)

describe('the profile form', () => {
  it('names every missing field when saved empty, and sends nothing', () => {
    render(<ProfilePage />)
    save()
    expect(taroTest.toasts.at(-1)).toEqual({ title: '还有 2 项要填写或修改：行业、所在城市', icon: 'none' })
    expect(screen.getByText('请选择你的行业')).toBeTruthy()
    expect(screen.getByText('请选择你所在的城市')).toBeTruthy()
    expect(server.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0)
  })

  it('clears a field’s error as soon as the field is valid, and keeps the others', () => {
    render(<ProfilePage />)
    save()
    fireEvent.click(screen.getByText('外卖骑手'))
    expect(screen.queryByText('请选择你的行业')).toBeNull()
    expect(screen.getByText('请选择你所在的城市')).toBeTruthy()
    // Saving again names only what is still missing, as its own sentence.
    save()
    expect(taroTest.toasts.at(-1)).toEqual({ title: '请选择你所在的城市', icon: 'none' })
  })

  it('does not turn a field red before the first save', () => {
    render(<ProfilePage />)
    fireEvent.click(screen.getByText('外卖骑手'))
    fireEvent.click(screen.getByText('网约车司机'))
    expect(screen.queryByText('请选择你所在的城市')).toBeNull()
  })

  it('saves a complete profile', async () => {
    render(<ProfilePage />)
    fireEvent.click(screen.getByText('外卖骑手'))
    fireEvent.click(document.getElementById('region-picker')!)
    fireEvent.click(await screen.findByText('四川省'))
    fireEvent.click(await screen.findByText('成都市'))
    fireEvent.click(await screen.findByText('武侯区'))
    await waitFor(() => expect(document.getElementById('region-picker')?.textContent).toContain('武侯区'))
    save()
    await waitFor(() => expect(taroTest.toasts).toContainEqual({ title: '已保存', icon: 'success' }))
    expect(getCachedUser()).toMatchObject({ industry: 'rider', regionCode: '510107' })
  })
})
