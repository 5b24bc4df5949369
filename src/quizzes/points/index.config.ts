export default definePageConfig({ navigationBarTitleText: '学习积分' })
