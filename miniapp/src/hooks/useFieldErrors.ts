// The errors under a form's fields, the same way in every form: a submit shows every problem at once and the toast
// names each field concerned; an error goes away as soon as its field is valid again, while typing, without waiting
// for the next submit; nothing new turns red while the user is still typing.
import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import type { FieldError } from '@xst/shared-types'
import { toast } from '../components/toast'

export type Errors = Record<string, string>

/** Whether a change of field `changed` concerns the error shown under `key` (`topics` covers `topics[2].title`). */
export function relates(changed: string, key: string): boolean {
  return key === changed || key.startsWith(`${changed}.`) || key.startsWith(`${changed}[`) || changed.startsWith(`${key}.`)
}

/** The names of the fields with a problem, in the form's order, each once. */
export function problemNames(errors: Errors, labels: Record<string, string>): string[] {
  const keys = Object.keys(errors).filter((k) => errors[k])
  return [...new Set(keys.map((k) => labels[k] ?? labels[k.split(/[.[]/)[0]] ?? errors[k]))]
}

/**
 * Tells what stops a submit, naming every field: one problem as its own sentence, a few in a toast, more in a dialog
 * (a WeChat toast shows two short lines at most).
 */
export function showProblems(errors: Errors, labels: Record<string, string>): string {
  const keys = Object.keys(errors).filter((k) => errors[k])
  if (keys.length === 1) {
    toast.info(errors[keys[0]])
    return errors[keys[0]]
  }
  const names = problemNames(errors, labels)
  const text = `还有 ${names.length} 项要填写或修改：${names.join('、')}`
  if (names.length <= 3) toast.info(text)
  else
    void Taro.showModal({
      title: `还有 ${names.length} 项要填写或修改`,
      content: names.join('、'),
      showCancel: false,
      confirmText: '去修改',
    })
  return text
}

/**
 * `form` is the form's current values (one key per field, as `validate` reads them): whenever one of them changes,
 * the errors are checked again against it.
 */
export function useFieldErrors<F extends object>(form: F, validate: (form: F) => Errors, labels: Record<string, string>) {
  const [errors, setErrors] = useState<Errors>({})
  // Errors the server gave: the phone cannot re-check them, so they stay until their own field changes.
  const fromServerKeys = useRef(new Set<string>())
  const validateRef = useRef(validate)
  validateRef.current = validate

  /** After the user changed `changed` (field keys): fixed errors go, those still wrong get the current message. */
  const update = useCallback((next: F, changed: string[]) => {
    setErrors((old) => {
      if (!Object.keys(old).length) return old
      const now = validateRef.current(next)
      const kept: Errors = {}
      for (const [k, message] of Object.entries(old)) {
        if (now[k]) kept[k] = now[k]
        else if (fromServerKeys.current.has(k) && !changed.some((c) => relates(c, k))) kept[k] = message
        else fromServerKeys.current.delete(k)
      }
      return kept
    })
  }, [])

  const snapshot = JSON.stringify(form)
  const formRef = useRef(form)
  formRef.current = form
  const previous = useRef<Record<string, string> | null>(null)
  useEffect(() => {
    const values = JSON.parse(snapshot) as Record<string, unknown>
    const now = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, JSON.stringify(v)]))
    const before = previous.current
    previous.current = now
    if (!before) return
    const changed = Object.keys(now).filter((k) => now[k] !== before[k])
    if (changed.length) update(formRef.current, changed)
  }, [snapshot, update])

  /** On submit: shows every problem and names them in a toast; true when the form may be sent. */
  const check = useCallback(
    (form: F): boolean => {
      const found = validateRef.current(form)
      fromServerKeys.current.clear()
      setErrors(found)
      if (!Object.keys(found).length) return true
      showProblems(found, labels)
      return false
    },
    [labels],
  )

  /** The server's field errors (400), under their fields; `keyOf` maps a server field name to the form's key. */
  const fromServer = useCallback((fields: FieldError[], keyOf: (field: string) => string = (f) => f) => {
    const mapped: Errors = {}
    for (const f of fields) mapped[keyOf(f.field)] ??= f.message
    fromServerKeys.current = new Set(Object.keys(mapped))
    setErrors(mapped)
    return mapped
  }, [])

  const clear = useCallback(() => {
    fromServerKeys.current.clear()
    setErrors({})
  }, [])

  return { errors, update, check, fromServer, clear, setErrors }
}
