export default definePageConfig({ navigationBarTitleText: '章节练习' })
