export default definePageConfig({
  navigationBarTitleText: '内容审核',
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
})
