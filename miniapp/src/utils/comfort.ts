// Comfort settings of the phone the pages follow: the user's WeChat font size (设置 → 通用 → 字体大小, and 关怀模式,
// which enlarges it) as a factor that every text size in the CSS is multiplied by (--xst-font-scale).
import Taro from '@tarojs/taro'

/** WeChat's standard font size on iOS (fontSizeSetting, px) where the base library has no fontSizeScaleFactor. */
const STANDARD_FONT_PX = 17

function readScale(): number {
  try {
    if (process.env.TARO_ENV === 'weapp') {
      const factor = Number((Taro.getAppBaseInfo() as { fontSizeScaleFactor?: number }).fontSizeScaleFactor)
      if (factor > 0) return factor
      const setting = Number(Taro.getSystemInfoSync().fontSizeSetting)
      return setting > 0 ? setting / STANDARD_FONT_PX : 1
    }
    if (process.env.TARO_ENV === 'h5') {
      // The browser's own text size (its default, 16 px, when the user has not changed it).
      const probe = document.createElement('div')
      probe.style.fontSize = 'medium'
      document.body.appendChild(probe)
      const px = Number.parseFloat(getComputedStyle(probe).fontSize)
      probe.remove()
      return px > 0 ? px / 16 : 1
    }
  } catch {
    // No reading: the standard size.
  }
  return 1
}

let scale: number | null = null

/** The user's font size as a factor of the standard one, between 0.85 and 2, in steps of 0.05. */
export function fontScale(): number {
  if (scale === null) {
    scale = Math.round(Math.min(2, Math.max(0.85, readScale())) * 20) / 20
    if (process.env.TARO_ENV === 'h5' && scale !== 1) document.documentElement.style.setProperty('--xst-font-scale', String(scale))
  }
  return scale
}

/** The style of a page's root: the font size factor the page's text sizes use (none at the standard size). */
export function pageStyle(): string | undefined {
  const s = fontScale()
  return s === 1 ? undefined : `--xst-font-scale: ${s}`
}
