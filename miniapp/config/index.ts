// Taro build configuration, written by hand from @tarojs/cli's default template (no husky/eslint/stylelint).
import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const env = process.env.TARO_ENV ?? 'weapp'

/**
 * The API base URL is baked in at build time.
 * - H5 is served by our own server, so it calls the same origin: '/api'.
 * - The WeChat build needs an absolute HTTPS URL registered as a "request 合法域名" in the mini-program's console:
 *   set TARO_APP_API (e.g. TARO_APP_API=https://api.xieshangtong.cn/api) when building for release.
 *   'https://api.example.cn/api' is only a placeholder.
 */
const apiBase = env === 'h5' ? '/api' : (process.env.TARO_APP_API ?? 'https://api.example.cn/api')

// XST_OUT lets parallel builds (tests, CI) write to their own directory instead of dist/<env>.
const outputRoot = process.env.XST_OUT ? path.resolve(process.env.XST_OUT) : `dist/${env}`

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'xieshangtong',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot,
    plugins: [path.resolve(__dirname, 'weapp.js')],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
    },
    // Light and dark colours of WeChat's bars (app.json's @names), for darkmode.
    copy: { patterns: env === 'weapp' ? [{ from: 'src/theme.json', to: `${outputRoot}/theme.json` }] : [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
