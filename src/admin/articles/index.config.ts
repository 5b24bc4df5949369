export default definePageConfig({ navigationBarTitleText: '新闻发布' })
