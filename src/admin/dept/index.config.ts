export default definePageConfig({ navigationBarTitleText: '本部门' })
