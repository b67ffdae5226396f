// Roles and names for screen readers (VoiceOver, TalkBack, WeChat's 读屏): HTML's `role` in H5, WeChat's
// `aria-role` in the mini-program; `aria-label` names an element whose text alone does not say what it does.
type Role = 'button' | 'link' | 'checkbox' | 'radio' | 'option' | 'tab' | 'dialog' | 'img' | 'listitem'

export function a11y(role: Role, label?: string, state?: { checked?: boolean; selected?: boolean; disabled?: boolean }) {
  const props: Record<string, string | undefined> = process.env.TARO_ENV === 'weapp' ? { 'aria-role': role } : { role }
  if (label) props['aria-label'] = label
  if (state?.checked !== undefined) props['aria-checked'] = String(state.checked)
  if (state?.selected !== undefined) props['aria-selected'] = String(state.selected)
  if (state?.disabled) props['aria-disabled'] = 'true'
  return props
}
