export default definePageConfig({ navigationBarTitleText: '发出要约' })
