// Labelled form rows: a text input, and a tap-to-choose row that opens a choice list.
import type { ReactNode } from 'react'
import { Input, Textarea, View } from '@tarojs/components'
import './Field.css'
import { a11y } from '../utils/a11y'

export interface FieldProps {
  label: string
  hint?: string
  error?: string
  children: ReactNode
  id?: string
}

export function Field({ label, hint, error, children, id }: FieldProps) {
  return (
    <View className="xfield" id={id}>
      <View className="xfield-label">{label}</View>
      {children}
      {error ? <View className="xfield-error">{error}</View> : hint ? <View className="xfield-hint">{hint}</View> : null}
    </View>
  )
}

export interface TextFieldProps {
  label: string
  value: string
  onChange: (v: string) => void
  placeholder?: string
  hint?: string
  error?: string
  maxlength?: number
  multiline?: boolean
  id?: string
}

export function TextField({ label, value, onChange, placeholder, hint, error, maxlength = 100, multiline, id }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {multiline ? (
        <Textarea
          id={id}
          className={`xfield-textarea ${error ? 'xfield-invalid' : ''}`}
          value={value}
          placeholder={placeholder}
          maxlength={maxlength}
          autoHeight
          onInput={(e) => onChange(e.detail.value)}
        />
      ) : (
        <Input
          id={id}
          className={`xfield-input ${error ? 'xfield-invalid' : ''}`}
          value={value}
          placeholder={placeholder}
          maxlength={maxlength}
          onInput={(e) => onChange(e.detail.value)}
        />
      )}
    </Field>
  )
}

export interface ChoiceRowProps {
  label: string
  /** The chosen value's text; when empty the placeholder shows. */
  value?: string
  placeholder?: string
  onClick: () => void
  hint?: string
  error?: string
  id?: string
}

/** A row that shows the current choice and opens a chooser when tapped. */
export function ChoiceRow({ label, value, placeholder = '请选择', onClick, hint, error, id }: ChoiceRowProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      <View
        id={id}
        className={`xfield-choice ${error ? 'xfield-invalid' : ''}`}
        hoverClass="xfield-choice-hover"
        onClick={onClick}
        {...a11y('button')}
      >
        <View className={value ? 'xfield-choice-value' : 'xfield-choice-placeholder'}>{value || placeholder}</View>
        <View className="xfield-chevron">›</View>
      </View>
    </Field>
  )
}
