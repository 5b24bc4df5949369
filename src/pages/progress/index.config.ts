export default definePageConfig({ navigationBarTitleText: '我的学习进度' })
