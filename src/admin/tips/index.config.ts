export default definePageConfig({ navigationBarTitleText: '线索收件箱' })
