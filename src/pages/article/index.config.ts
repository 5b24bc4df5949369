export default definePageConfig({ navigationBarTitleText: '专题新闻', enableShareAppMessage: true, enableShareTimeline: true })
