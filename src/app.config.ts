export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/study/index',
    'pages/quiz/index',
    'pages/tip/index',
    'pages/mine/index',
    'pages/article/index',
    'pages/progress/index',
    'pages/tip/status',
    'pages/study/chapter',
  ],
  // Quiz and admin pages live in subpackages so the main package stays small for readers.
  subPackages: [
    {
      root: 'quizzes',
      pages: ['practice/index', 'exam/index', 'exam/result', 'daily/index', 'challenge/index', 'wrong-book/index', 'leaderboard/index', 'points/index', 'results/index'],
    },
    {
      // A small mobile admin: a department head's own figures, 发而未看 list and reminder; an
      // officer's new-tip count. Everything else is the desktop console at /admin/ (console/).
      root: 'admin',
      pages: ['index/index', 'dept/index'],
    },
  ],
  // Inject only the components a page uses (WeChat's on-demand injection); smaller start-up.
  lazyCodeLoading: 'requiredComponents',
  // The quizzes are one tap away from 答题 and 学习: fetch their subpackage while the reader is there.
  preloadRule: {
    'pages/quiz/index': { network: 'all', packages: ['quizzes'] },
    'pages/study/index': { network: 'all', packages: ['quizzes'] },
  },
  // Privacy APIs (chooseMedia, setClipboardData…) go through wx.onNeedPrivacyAuthorization
  // (src/services/privacy.ts); the text is docs/privacy.md.
  __usePrivacyCheck__: true,
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '平安校园',
    navigationBarTextStyle: 'white',
    // WeChat draws its own bar; for H5 this turns on Taro's bar (title and back button).
    navigationStyle: 'default',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#c8161d',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/study/index', text: '学习', iconPath: 'assets/tab/study.png', selectedIconPath: 'assets/tab/study-active.png' },
      { pagePath: 'pages/quiz/index', text: '答题', iconPath: 'assets/tab/quiz.png', selectedIconPath: 'assets/tab/quiz-active.png' },
      { pagePath: 'pages/tip/index', text: '举报', iconPath: 'assets/tab/tip.png', selectedIconPath: 'assets/tab/tip-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
})
