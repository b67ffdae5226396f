// The field errors every form shares, on a small form of its own.
import { act, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { taroTest } from '../../test/taro'
import { type Errors, useFieldErrors } from './useFieldErrors'

const LABELS = { name: '姓名', phone: '电话', city: '城市', street: '街道', note: '备注' }
const need = (f: Record<string, string>) => {
  const e: Errors = {}
  for (const k of ['name', 'phone', 'city', 'street']) if (!f[k].trim()) e[k] = `请填写${LABELS[k as keyof typeof LABELS]}`
  return e
}

let api: ReturnType<typeof useFieldErrors<Record<string, string>>>
function Form({ required = ['name'] }: { required?: string[] }) {
  const [f, setF] = useState<Record<string, string>>({ name: '', phone: '1', city: '1', street: '1', note: '' })
  const validate = (x: Record<string, string>) => Object.fromEntries(Object.entries(need(x)).filter(([k]) => required.includes(k)))
  api = useFieldErrors(f, validate, LABELS)
  return (
    <div>
      {Object.keys(f).map((k) => (
        <div key={k}>
          <input aria-label={k} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} />
          {api.errors[k] && <span>{api.errors[k]}</span>}
        </div>
      ))}
      <button type="button" onClick={() => api.check(f)}>
        保存
      </button>
    </div>
  )
}

const type = (field: string, value: string) => fireEvent.change(screen.getByLabelText(field), { target: { value } })

it('keeps a server error until its own field changes, while local ones follow the form', () => {
  render(<Form />)
  fireEvent.click(screen.getByText('保存'))
  act(() => {
    api.fromServer([
      { field: 'name', message: '请填写姓名' },
      { field: 'note', message: '备注含有不能发布的内容' },
    ])
  })
  type('name', '王建国')
  expect(screen.queryByText('请填写姓名')).toBeNull()
  expect(screen.getByText('备注含有不能发布的内容')).toBeTruthy()
  type('note', '改过了')
  expect(screen.queryByText('备注含有不能发布的内容')).toBeNull()
})

it('shows the current reason while a field is still wrong', () => {
  render(<Form />)
  fireEvent.click(screen.getByText('保存'))
  type('name', '  ')
  expect(screen.getByText('请填写姓名')).toBeTruthy()
})

it('names every field in a dialog when a toast could not hold them all', () => {
  render(<Form required={['name', 'phone', 'city', 'street']} />)
  type('phone', '')
  type('city', '')
  type('street', '')
  fireEvent.click(screen.getByText('保存'))
  expect(taroTest.modals).toEqual([{ title: '还有 4 项要填写或修改', content: '姓名、电话、城市、街道' }])
  expect(taroTest.toasts).toEqual([])
})
