export default definePageConfig({ navigationBarTitleText: '修改征集' })
