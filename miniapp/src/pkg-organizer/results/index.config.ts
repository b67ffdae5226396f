export default definePageConfig({
  navigationBarTitleText: '征集结果',
  // The card (utils/share.ts) opens the vote page.
  enableShareAppMessage: true,
  // Native pull-to-refresh in WeChat; Taro's H5 imitation wraps the page and swallows taps near its centre.
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
})
