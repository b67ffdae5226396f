export default definePageConfig({ navigationBarTitleText: '核验名册' })
