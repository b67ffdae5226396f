// What the WeChat package needs beyond Taro's defaults:
// - the accessibility attributes WeChat reads (src/utils/aria-attributes.json: aria-role, aria-label…) on the
//   components that carry them: Taro's templates drop attributes they do not list (the runtime gets the same list in
//   src/utils/aria-components.ts);
// - the AppID in the package's project.config.json (dist/weapp), from TARO_APP_APPID at build time: the same AppID
//   as the server's WECHAT_APPID. DevTools opens dist/weapp with it; without one the build says which to set.
const fs = require('node:fs')
const path = require('node:path')

const ARIA = Object.fromEntries(require('../src/utils/aria-attributes.json').map((a) => [a, "''"]))

module.exports = (ctx) => {
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform) {
      if (process.env.TARO_ENV !== 'weapp' || !platform.template) return
      platform.template.mergeComponents(ctx, { View: ARIA, Text: ARIA, Button: ARIA, Image: ARIA })
    },
  })
  ctx.onBuildFinish(({ error }) => {
    if (error || process.env.TARO_ENV !== 'weapp') return
    const file = path.join(ctx.paths.outputPath, 'project.config.json')
    if (!fs.existsSync(file)) return
    const appid = process.env.TARO_APP_APPID ?? ''
    if (appid && !/^wx[0-9a-f]{16}$/.test(appid))
      throw new Error(`TARO_APP_APPID must look like wx followed by 16 hex digits (got "${appid}")`)
    const config = JSON.parse(fs.readFileSync(file, 'utf8'))
    config.appid = appid
    fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`)
    if (!appid)
      console.warn("TARO_APP_APPID is not set: dist/weapp/project.config.json has no AppID (set the mini-program's AppID to upload)")
  })
}
