export default definePageConfig({ navigationBarTitleText: '合同草案' })
