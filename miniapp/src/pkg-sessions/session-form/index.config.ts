export default definePageConfig({ navigationBarTitleText: '记录协商会议' })
