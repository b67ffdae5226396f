export default definePageConfig({ navigationBarTitleText: '职工代表大会' })
