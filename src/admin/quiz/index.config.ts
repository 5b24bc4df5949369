export default definePageConfig({ navigationBarTitleText: '题库与竞赛' })
