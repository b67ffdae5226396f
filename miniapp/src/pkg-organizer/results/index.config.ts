export default definePageConfig({ navigationBarTitleText: '征集结果', enablePullDownRefresh: true })
