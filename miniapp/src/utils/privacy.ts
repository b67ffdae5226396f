// WeChat's privacy guide (用户隐私保护指引, enforced since 2023-10-17). Before an API that collects personal data
// (the profile, photos) the user must have agreed; WeChat then calls onNeedPrivacyAuthorization and waits for the
// app's own sheet (PrivacySheet) to answer: agree through a button of open-type="agreePrivacyAuthorization", or not.
// H5 has no such step: the guide is WeChat's.
import Taro from '@tarojs/taro'

type Answer = { event: 'agree' | 'disagree'; buttonId?: string }
type Resolve = (answer: Answer) => void

let waiting: Resolve | null = null
const sheets = new Set<(open: boolean) => void>()

function show(open: boolean) {
  for (const s of sheets) s(open)
}

/** Called once at launch (weapp): WeChat asks the app whenever a privacy API needs the user's agreement. */
export function listenForPrivacyRequests() {
  if (process.env.TARO_ENV !== 'weapp') return
  Taro.onNeedPrivacyAuthorization((resolve: Resolve) => {
    // No sheet on this page to ask with: WeChat must not wait forever, the API fails as not agreed.
    if (!sheets.size) return resolve({ event: 'disagree' })
    // A second request while the sheet is open: the earlier one is answered no, the sheet stays for the new one.
    waiting?.({ event: 'disagree' })
    waiting = resolve
    show(true)
  })
}

/** The sheet on the page follows WeChat's requests through this. */
export function watchPrivacyRequests(sheet: (open: boolean) => void): () => void {
  sheets.add(sheet)
  if (waiting) sheet(true)
  return () => {
    sheets.delete(sheet)
  }
}

export function answerPrivacy(agree: boolean, buttonId?: string) {
  const resolve = waiting
  waiting = null
  show(false)
  resolve?.(agree ? { event: 'agree', buttonId } : { event: 'disagree' })
}

/** The guide itself, as entered in the WeChat console. */
export function openPrivacyGuide() {
  Taro.openPrivacyContract({ fail: () => undefined })
}

/**
 * Asks for the user's agreement before collecting personal data. True when agreed now or before (or on H5);
 * false when the user said no: collect nothing then.
 */
export async function agreedToPrivacy(): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp') return true
  try {
    await Taro.requirePrivacyAuthorize({})
    return true
  } catch {
    return false
  }
}
