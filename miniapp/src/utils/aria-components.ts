// The accessibility attributes WeChat reads, added to Taro's components in the mini-program's runtime. The build adds
// the same to the templates (config/weapp.js); both must list the same names, or every attribute of a View is read
// from the wrong data key. Imported first by app.tsx: before any page is rendered.
import { mergeInternalComponents } from '@tarojs/shared'
import ARIA_ATTRIBUTES from './aria-attributes.json'

if (process.env.TARO_ENV === 'weapp') {
  const attrs = Object.fromEntries(ARIA_ATTRIBUTES.map((a) => [a, "''"]))
  mergeInternalComponents({ View: attrs, Text: attrs, Button: attrs, Image: attrs })
}
