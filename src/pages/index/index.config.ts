export default definePageConfig({ navigationBarTitleText: '平安校园' })
