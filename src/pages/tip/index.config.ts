export default definePageConfig({ navigationBarTitleText: '线索举报' })
