export default definePageConfig({ navigationBarTitleText: '发起意见征集' })
