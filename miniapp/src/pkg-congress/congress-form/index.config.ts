export default definePageConfig({ navigationBarTitleText: '召开职代会' })
