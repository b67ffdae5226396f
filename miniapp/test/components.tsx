// A stand-in for @tarojs/components: each component as the plain element it renders in the H5 build, with Taro's
// event shapes (onInput and onChange receive `{ detail: { value } }`); Taro-only props are dropped.
import type { CSSProperties, ReactNode } from 'react'

interface Common {
  id?: string
  className?: string
  style?: CSSProperties
  children?: ReactNode
  onClick?: (e: { stopPropagation: () => void }) => void
  role?: string
  hoverClass?: string
  [aria: `aria-${string}`]: string | undefined
}

function domProps({ hoverClass: _h, children: _c, ...rest }: Common) {
  return rest
}

export function View(props: Common) {
  return <div {...domProps(props)}>{props.children}</div>
}

export function Text(props: Common) {
  return <span {...domProps(props)}>{props.children}</span>
}

export function ScrollView(props: Common & { scrollY?: boolean; scrollX?: boolean }) {
  const { scrollY: _y, scrollX: _x, ...rest } = props
  return <div {...domProps(rest)}>{props.children}</div>
}

export function Image(props: Common & { src: string; mode?: string }) {
  const { mode: _m, ...rest } = props
  return <img alt="" {...domProps(rest)} />
}

export function Button(props: Common & { openType?: string; disabled?: boolean }) {
  const { openType: _o, ...rest } = props
  return (
    <button type="button" {...domProps(rest)}>
      {props.children}
    </button>
  )
}

interface TextInput {
  id?: string
  className?: string
  value?: string
  placeholder?: string
  maxlength?: number
  disabled?: boolean
  onInput?: (e: { detail: { value: string } }) => void
  onBlur?: (e: { detail: { value: string } }) => void
}

export function Input({ onInput, onBlur, maxlength, type, password, ...rest }: TextInput & { type?: string; password?: boolean }) {
  return (
    <input
      {...rest}
      type={password ? 'password' : 'text'}
      inputMode={type === 'number' || type === 'digit' ? 'decimal' : undefined}
      maxLength={maxlength}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
      onBlur={(e) => onBlur?.({ detail: { value: e.target.value } })}
    />
  )
}

export function Textarea({ onInput, onBlur, maxlength, autoHeight: _a, ...rest }: TextInput & { autoHeight?: boolean }) {
  return (
    <textarea
      {...rest}
      maxLength={maxlength}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
      onBlur={(e) => onBlur?.({ detail: { value: e.target.value } })}
    />
  )
}

export function Switch({
  id,
  checked,
  onChange,
}: {
  id?: string
  checked?: boolean
  color?: string
  onChange?: (e: { detail: { value: boolean } }) => void
}) {
  return (
    <input
      id={id}
      type="checkbox"
      role="switch"
      aria-checked={!!checked}
      checked={!!checked}
      onChange={(e) => onChange?.({ detail: { value: e.target.checked } })}
    />
  )
}

/** Tapping opens nothing here: a test picks a value with `fireEvent.change` on the select it renders. */
export function Picker({
  id,
  children,
  range,
  onChange,
}: {
  id?: string
  children?: ReactNode
  mode?: string
  range?: unknown[]
  value?: unknown
  start?: string
  end?: string
  onChange?: (e: { detail: { value: string | number } }) => void
}) {
  return (
    <div id={id}>
      {children}
      <select aria-label="picker" onChange={(e) => onChange?.({ detail: { value: e.target.value } })}>
        {(range ?? []).map((r, i) => (
          <option key={String(i)} value={i}>
            {String(r)}
          </option>
        ))}
      </select>
    </div>
  )
}
