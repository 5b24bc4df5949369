// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
// The mini-program runs on phones' WeChat JS engines, which include older iOS (JavaScriptCore
// of iOS 10) and Android X5/XWeb (Chrome 53): its output must stay at ES2017 (no `?.`, `??`,
// optional catch binding, object spread…). The H5 build keeps package.json's browserslist.
// tests/build/weapp.test.ts parses every emitted file with acorn at ecmaVersion 2017.
const WEAPP_TARGETS = { ios: '10', chrome: '53' }

module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        ...(process.env.TARO_ENV === 'weapp' ? { targets: WEAPP_TARGETS } : {}),
      },
    ],
  ],
}
