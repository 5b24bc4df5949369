export default defineAppConfig({
  pages: ['pages/index/index', 'pages/study/index', 'pages/quiz/index', 'pages/tip/index', 'pages/mine/index'],
  // Admin pages live in a subpackage so the main package stays small for readers.
  subPackages: [
    {
      root: 'admin',
      pages: ['index/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '平安校园',
    navigationBarTextStyle: 'white',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#c8161d',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/study/index', text: '学习' },
      { pagePath: 'pages/quiz/index', text: '答题' },
      { pagePath: 'pages/tip/index', text: '举报' },
      { pagePath: 'pages/mine/index', text: '我的' },
    ],
  },
})
