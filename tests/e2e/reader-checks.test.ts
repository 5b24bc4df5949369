import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { useBrowserFixture } from '../helpers/browser'
import { checkPage, formatOffences, newCheckedPhonePage, saveReaderScreenshot, type Offence } from '../helpers/reader-checks'

/**
 * The main reader pages, rendered in Chromium at 375×812, pass the platform checks of
 * tests/helpers/reader-checks.ts: 44 px touch targets, readable contrast, no console errors
 * (CSP included), no validator English. Screenshots: test-results/reader/<page>.png.
 */
const fixture = useBrowserFixture()

interface ReaderPage {
  name: string
  /** The hash route, given the ids found in the seeded content. */
  route: (ids: Ids) => string
  /** Something the loaded page shows. */
  ready: string
}
interface Ids {
  article: string
  chapter: string
  exam: string
}

/**
 * 首页, article, 举报, 我的举报 and 阅读进度 are this branch's pages; 学习, chapter, 答题, 我的 and
 * the quiz subpackage belong to the study feature, whose pages use the shared components and
 * styles checked here (Chips, QuestionCard, buttons, switches, fields).
 */
const PAGES: ReaderPage[] = [
  { name: 'home', route: () => '/pages/index/index', ready: '.home .feed-item' },
  { name: 'article', route: (ids) => `/pages/article/index?id=${ids.article}`, ready: '.article .article-end' },
  { name: 'tip', route: () => '/pages/tip/index', ready: '.tip-form .category-chip' },
  { name: 'tip-status', route: () => '/pages/tip/status', ready: '.tip-status .track-submit' },
  { name: 'progress', route: () => '/pages/progress/index', ready: '.taro_page .card' },
  { name: 'study', route: () => '/pages/study/index', ready: '.study .chapter-item' },
  { name: 'chapter', route: (ids) => `/pages/study/chapter?id=${ids.chapter}`, ready: '.chapter .start-practice' },
  { name: 'quiz', route: () => '/pages/quiz/index', ready: '.quiz-hub .exam-item' },
  { name: 'mine', route: () => '/pages/mine/index', ready: '.mine .user-nickname' },
  { name: 'practice', route: (ids) => `/quizzes/practice/index?chapterId=${ids.chapter}`, ready: '.practice .question-option' },
  { name: 'exam', route: (ids) => `/quizzes/exam/index?examId=${ids.exam}`, ready: '.exam .exam-question' },
  { name: 'daily', route: () => '/quizzes/daily/index', ready: '.taro_page .card' },
  { name: 'challenge', route: () => '/quizzes/challenge/index', ready: '.challenge .btn-primary' },
  { name: 'wrong-book', route: () => '/quizzes/wrong-book/index', ready: '.taro_page .page' },
  { name: 'leaderboard', route: () => '/quizzes/leaderboard/index', ready: '.taro_page .page' },
]

let ids: Ids | undefined
let checked: { context: BrowserContext; page: Page; consoleErrors: string[] } | undefined

/** Ids of seeded content and one checked phone page for the whole file (made on first use: the fixture starts in its own hook). */
async function setUp() {
  if (ids && checked) return { ids, checked }
  const t = fixture.server()
  const { token } = await t.signInReader('reader-checks-ids')
  const [articles, chapters, exams] = await Promise.all([
    t.api('get', '/api/articles', { token }),
    t.api('get', '/api/handbook/chapters', { token }),
    t.api('get', '/api/quiz/exams', { token }),
  ])
  ids = { article: articles.body.items[0].id, chapter: chapters.body.chapters[0].id, exam: exams.body.exams[0]?.id ?? '' }
  checked = await newCheckedPhonePage(fixture.browser())
  return { ids, checked }
}
after(async () => {
  await checked?.context.close()
})

async function visit(p: ReaderPage): Promise<Offence[]> {
  const { ids, checked } = await setUp()
  const { page, consoleErrors } = checked
  consoleErrors.length = 0
  await page.goto('about:blank')
  await page.goto(`${fixture.server().url}/#${p.route(ids)}`)
  await page.locator(p.ready).first().waitFor({ timeout: 15_000 })
  await page.waitForLoadState('networkidle')
  // Images and late answers settle; the page must not still say 加载中.
  await page.waitForFunction(() => !document.body.innerText.includes('加载中'), undefined, { timeout: 10_000 })
  await saveReaderScreenshot(page, p.name)
  // Tap the tab bar's current tab once: each tap used to log a CSP violation (javascript: hrefs).
  const currentTab = page.locator('.weui-tabbar__item.weui-bar__item_on')
  if (await currentTab.count()) {
    await currentTab.click()
    await page.waitForTimeout(300)
  }
  return checkPage(page, consoleErrors)
}

for (const p of PAGES) {
  test(`${p.name}: 44 px touch targets, readable contrast, no console errors, no validator English`, async () => {
    const offences = await visit(p)
    assert.equal(offences.length, 0, `\n${formatOffences({ [p.name]: offences })}`)
  })
}

test('the check itself finds small targets, faint text, console errors and validator English, and names them', async () => {
  const { page, consoleErrors, context } = await newCheckedPhonePage(fixture.browser())
  try {
    await page.setContent(`
      <body style="background:#fff;margin:0">
        <p class="help" style="color:#888;font-size:12px">帮助说明</p>
        <p class="big" style="color:#888;font-size:20px">大字说明</p>
        <button class="tiny" style="height:30px;width:120px">添加</button>
        <a class="roomy" href="#x" style="display:block;height:48px;color:#222">够大的链接</a>
        <div style="padding:30px 60px"><span class="padded" style="display:inline-block;position:relative;color:#222" role="button">小<i style="position:absolute;inset:-20px"></i></span></div>
        <p class="leak" style="color:#222">body.category Too small: expected string to have >=1 characters</p>
        <p class="state-id" style="color:#222">状态 verifying → closed</p>
        <p class="raw-id" style="color:#222">承办人 65a1f0c2b3d4e5f6a7b8c9d0</p>
        <script>console.error('boom')</script>
      </body>`)
    const offences = await checkPage(page, consoleErrors)
    const lines = offences.map((o) => `[${o.kind}] ${o.element}`)
    assert.ok(lines.includes('[contrast] p.help "帮助说明"'), lines.join('\n'))
    assert.ok(!lines.some((l) => l.includes('p.big')), '#888 passes 3:1 at 20 px')
    assert.ok(lines.includes('[touch] button.tiny "添加"'), lines.join('\n'))
    assert.ok(!lines.some((l) => l.includes('roomy') && l.startsWith('[touch]')), 'a 48 px link passes')
    assert.ok(!lines.some((l) => l.includes('padded')), `a small element with a 44 px hit area passes:\n${lines.join('\n')}`)
    assert.ok(
      lines.some((l) => l.startsWith('[english] p.leak')),
      lines.join('\n'),
    )
    // The console's developer-text list applies to the phone too: state ids and raw ids.
    assert.ok(lines.some((l) => l.startsWith('[english] p.state-id')) && lines.some((l) => l.startsWith('[english] p.raw-id')), lines.join('\n'))
    assert.ok(offences.some((o) => o.kind === 'console' && o.detail.includes('boom')))
    assert.match(
      formatOffences({ sample: offences }),
      /^sample:\n {2}\[touch\] button\.tiny "添加" — 120×30 px, needs 44×44\n {2}\[contrast\] p\.help "帮助说明" — 3\.54:1 at 12px/,
    )
  } finally {
    await context.close()
  }
})

test('the H5 shell: /favicon.ico is an image, tab links carry no javascript: href, a pushed page has a 44 px back button', async () => {
  const t = fixture.server()
  const icon = await fetch(`${t.url}/favicon.ico`)
  assert.equal(icon.status, 200)
  assert.equal(icon.headers.get('content-type'), 'image/png')
  const { ids, checked } = await setUp()
  const { page, consoleErrors } = checked
  consoleErrors.length = 0
  await page.goto('about:blank')
  await page.goto(`${t.url}/#/pages/index/index`)
  await page.locator('.home .feed-item').first().waitFor({ timeout: 15_000 })
  assert.equal(await page.locator('.weui-tabbar__item').count(), 5)
  assert.equal(await page.locator('a[href^="javascript:"]').count(), 0)
  // Every tab once: no CSP report, each opens its page.
  for (const tab of ['学习', '答题', '举报', '我的', '首页']) {
    await page.locator('.weui-tabbar__item', { hasText: tab }).click()
    await page.locator('.weui-tabbar__item.weui-bar__item_on', { hasText: tab }).waitFor()
  }
  await page.locator('.home .feed-item').first().click()
  await page.locator('.article .article-end').waitFor({ timeout: 15_000 })
  const back = page.locator('.taro-navigation-bar-back')
  await back.waitFor({ state: 'visible' })
  const box = (await back.boundingBox())!
  assert.ok(box.width >= 44 && box.height >= 44, `back button ${box.width}×${box.height}`)
  assert.equal(await page.locator('.taro-navigation-bar-title').textContent(), '专题新闻')
  await back.click()
  await page.locator('.home .feed-item').first().waitFor()
  assert.deepEqual(consoleErrors, [])
  assert.ok(ids.article)
})

test('offline: the article says 网络连接失败 in Chinese with 重试, and 重试 loads it once the network is back', async () => {
  const t = fixture.server()
  const { ids, checked } = await setUp()
  const { page, consoleErrors } = checked
  await page.goto('about:blank')
  await page.route('**/api/articles/**', (route) => route.abort('internetdisconnected'))
  await page.goto(`${t.url}/#/pages/article/index?id=${ids.article}`)
  await page.locator('.page-status-message', { hasText: '网络连接失败，请检查网络后重试' }).waitFor({ timeout: 15_000 })
  await saveReaderScreenshot(page, 'article-offline')
  consoleErrors.length = 0
  const offences = (await checkPage(page)).filter((o) => o.kind !== 'console')
  assert.equal(offences.length, 0, formatOffences({ 'article-offline': offences }))
  await page.unroute('**/api/articles/**')
  await page.locator('.page-retry').click()
  await page.locator('.article .article-end').waitFor({ timeout: 15_000 })
  assert.equal(await page.locator('.page-status-message').count(), 0)
})

test('a disabled button (the tip form while it sends) is grey with a legible label, not the brand colour', async () => {
  const t = fixture.server()
  const { checked } = await setUp()
  const { page } = checked
  await page.goto('about:blank')
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/api/tips', async (route) => {
    await held
    await route.continue()
  })
  try {
    await page.goto(`${t.url}/#/pages/tip/index`)
    await page.locator('.tip-form .category-chip').first().click()
    await page.locator('.tip-description textarea').fill('有人在宿舍楼推销“零利息”贷款，逾期后上门威胁。')
    await page.locator('.submit-tip').click()
    const button = page.locator('.submit-tip[disabled]')
    await button.waitFor()
    const look = await button.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color])
    assert.deepEqual(look, ['rgb(244, 244, 244)', 'rgb(102, 102, 102)'])
    const offences = (await checkPage(page)).filter((o) => o.element.includes('submit-tip'))
    assert.deepEqual(offences, [])
  } finally {
    release()
  }
  await page.locator('.tracking-code').waitFor({ timeout: 15_000 })
  await page.unroute('**/api/tips')
})
