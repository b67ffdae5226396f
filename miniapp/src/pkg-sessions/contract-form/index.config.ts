export default definePageConfig({ navigationBarTitleText: '登记集体合同' })
