export default definePageConfig({ navigationBarTitleText: '保卫处授权确认' })
