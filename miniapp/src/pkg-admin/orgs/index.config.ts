export default definePageConfig({
  navigationBarTitleText: '企业名录',
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
})
