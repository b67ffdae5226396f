export default definePageConfig({ navigationBarTitleText: '集体合同', enablePullDownRefresh: true })
