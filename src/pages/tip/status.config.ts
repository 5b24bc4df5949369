export default definePageConfig({ navigationBarTitleText: '举报处理进度' })
