export default definePageConfig({
  navigationBarTitleText: '工作台',
  // Native pull-to-refresh in WeChat; Taro's H5 imitation wraps the page and swallows taps near its centre.
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
})
