export default definePageConfig({ navigationBarTitleText: '发起征集' })
