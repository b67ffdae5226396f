export default definePageConfig({
  navigationBarTitleText: '职工联署',
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
})
