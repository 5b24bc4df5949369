/**
 * The reader's quiz pages on a 375×812 phone: the exam with its pinned countdown, answer sheet
 * and hand-in confirmation, the result page reopened later; 学习积分 with today's tasks and the
 * "+N 积分" toast after the daily quiz and after reading an article to the end; the leaderboard highlighting the reader. Screenshots of
 * each page are saved under test-results/reader/.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { Department } from '../../server/modules/departments/model'
import { awardPoints } from '../../server/modules/quiz/points'
import { Person } from '../../server/modules/roster/model'
import { onBrowserPages, useBrowserFixture } from '../helpers/browser'

const fixture = useBrowserFixture()
const SHOTS = path.join('test-results', 'reader')

async function phone(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  return { context, page: await context.newPage() }
}

async function shot(page: Page, name: string, fullPage = false) {
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.waitForTimeout(300) // let toasts and sheets finish their transitions
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage })
}

/** Whether an element's box is inside the phone's screen right now. */
async function onScreen(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox()
  return !!box && box.y >= -1 && box.y + box.height <= 812 + 1
}

async function bindInBrowser(page: Page, url: string, number: string, name: string) {
  await page.goto(`${url}/#/pages/mine/index`)
  await page.locator('.binding-form input').first().fill(number)
  await page.locator('.binding-form input').nth(1).fill(name)
  await page.locator('.binding-form .btn-primary').click()
  await page.locator('.binding-info').waitFor({ timeout: 10_000 })
}

test('exam: pinned countdown, answer sheet with answered / unanswered / flagged, confirm on every 交卷, result at the top and reopened later', async () => {
  const t = fixture.server()
  const admin = await t.signInAdmin('publicity_admin')
  const created = await t.api('post', '/api/admin/exams', {
    token: admin.token,
    body: {
      title: '答题卡竞赛',
      blueprint: [
        { type: 'multiple', count: 2, points: 20 },
        { type: 'single', count: 4, points: 15 },
      ],
      timeLimitSeconds: 900,
      maxAttempts: 3,
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      published: true,
      shuffleQuestions: false,
    },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const examId = created.body.exam.id
  const { page, context } = await phone(fixture.browser())
  await onBrowserPages({ 'reader-exam': { page, context } }, async () => {
    await page.goto(`${t.url}/#/quizzes/exam/index?examId=${examId}`)
    const questions = page.locator('.exam .exam-question')
    await questions.first().waitFor({ timeout: 15_000 })
    assert.equal(await questions.count(), 6)
    // Answer 1–4 (both options of each multiple-choice question), flag 5, leave 5 and 6 unanswered.
    for (let i = 0; i < 4; i++) {
      await questions.nth(i).locator('.question-option').first().click()
      if (i < 2) await questions.nth(i).locator('.question-option').nth(1).click()
    }
    await questions.nth(4).locator('.exam-flag').click()
    await page.waitForTimeout(500)

    // The countdown stays on screen at the bottom of the paper.
    await questions.nth(5).scrollIntoViewIfNeeded()
    assert.ok(await onScreen(page, '.exam .exam-bar'), 'the countdown bar is pinned')
    assert.match((await page.locator('.exam .exam-timer').textContent())!, /剩余 1[45]:\d\d/)
    await shot(page, 'exam-scrolled')

    // The answer sheet: 4 answered, 1 flagged, 1 unanswered; a cell jumps to its question.
    await page.locator('.exam .exam-sheet-open').click()
    await page.locator('.answer-sheet').waitFor()
    assert.equal(await page.locator('.answer-sheet .sheet-cell.sheet-cell-answered').count(), 4)
    assert.equal(await page.locator('.answer-sheet .sheet-cell.sheet-cell-flagged').count(), 1)
    assert.equal(await page.locator('.answer-sheet .sheet-cell.sheet-cell-unanswered').count(), 1)
    await shot(page, 'exam-answer-sheet')
    await page.locator('.answer-sheet .sheet-cell').nth(0).click()
    await page.waitForTimeout(600)
    assert.equal(await page.locator('.answer-sheet').count(), 0)
    assert.ok(await onScreen(page, '#exam-q-0'), 'tapping cell 1 shows question 1')

    // 交卷 asks first, with the number unanswered; 继续作答 goes back to the paper.
    await page.locator('.exam .submit-exam').click()
    await page.locator('.answer-sheet .hand-in-prompt').waitFor()
    assert.match((await page.locator('.answer-sheet .hand-in-prompt').textContent())!, /还有 2 题未作答（共 6 题）/)
    await shot(page, 'exam-confirm')
    await page.locator('.answer-sheet .sheet-close').click()
    assert.equal(await page.locator('.answer-sheet').count(), 0)
    assert.equal(await page.locator('.exam-score').count(), 0, 'nothing was handed in')

    await page.locator('.exam .submit-exam').click()
    await page.locator('.answer-sheet .confirm-hand-in').click()
    await page.locator('.exam-review .exam-score').waitFor({ timeout: 15_000 })
    // The result opens at its top: score, verdict and figures on the first screen.
    assert.ok(await onScreen(page, '.exam-review .exam-score'), 'the score is on screen after 交卷')
    assert.equal(await page.evaluate(() => Math.round(window.scrollY)), 0)
    const score = (await page.locator('.exam-review .exam-score').textContent())!
    assert.match(score, /得分 \d+ \/ 100/)
    assert.match((await page.locator('.exam-review .result-correct').textContent())!, /\d\/6答对题数/)
    assert.match((await page.locator('.exam-review .result-time').textContent())!, /\d+ 秒|\d+ 分/)
    assert.match((await page.locator('.exam-review .result-rank').textContent())!, /绑定学号后显示部门排名/)
    await shot(page, 'exam-result')
    // Review: the reader's picks stay marked on every question (2 + 2 on the multiple-choice ones, 1 on each single), unanswered ones say so.
    assert.equal(await page.locator('.exam-review .review-item').count(), 6)
    assert.equal(await page.locator('.exam-review .option-picked').count(), 6)
    assert.equal(await page.locator('.exam-review .answer-compare', { hasText: '你的答案：未作答' }).count(), 2)
    await shot(page, 'exam-result-full', true)

    // Later: 我的 → 我的考试 → the result again, and the exam list links to it too.
    await page.goto(`${t.url}/#/pages/mine/index`)
    await page.locator('.mine .mine-exams').click()
    await page.locator('.my-exams .my-exam-row').first().waitFor({ timeout: 10_000 })
    assert.match((await page.locator('.my-exams .my-exam-row').first().textContent())!, /答题卡竞赛 · 第 1 次/)
    await shot(page, 'my-exams')
    await page.locator('.my-exams .my-exam-row').first().click()
    await page.locator('.exam-review .exam-score').last().waitFor({ timeout: 10_000 })
    assert.equal(await page.locator('.exam-review .exam-score').last().textContent(), score)

    await page.goto(`${t.url}/#/pages/quiz/index`)
    const item = page.locator('.quiz-hub .exam-item:visible', { hasText: '答题卡竞赛' })
    await item.locator('.open-result').click()
    await page.locator('.exam-review .exam-score').last().waitFor({ timeout: 10_000 })
    assert.equal(await page.locator('.exam-review .exam-score').last().textContent(), score)

    // A second attempt with every question answered still asks before handing in.
    await page.goto(`${t.url}/#/quizzes/exam/index?examId=${examId}`)
    await page.locator('.exam .exam-question').first().waitFor({ timeout: 15_000 })
    for (let i = 0; i < 6; i++) await page.locator('.exam .exam-question').nth(i).locator('.question-option').first().click()
    await page.waitForTimeout(500)
    await page.locator('.exam .submit-exam').click()
    assert.match((await page.locator('.answer-sheet .hand-in-prompt').textContent({ timeout: 5_000 }))!, /已答完全部 6 题/)
    assert.equal(await page.locator('.answer-sheet .sheet-cell.sheet-cell-answered').count(), 6)
    await page.locator('.answer-sheet .confirm-hand-in').click()
    await page.locator('.exam-review .exam-score', { hasText: '得分 ' }).last().waitFor({ timeout: 15_000 })
  })
})

test('学习积分: today’s tasks as x/y with 去完成; finishing the daily quiz shows "+5 积分" and the task completes', async () => {
  const t = fixture.server()
  const { page, context } = await phone(fixture.browser())
  await onBrowserPages({ 'reader-points': { page, context } }, async () => {
    await page.goto(`${t.url}/#/quizzes/points/index`)
    const daily = page.locator('.points .point-task-daily')
    await daily.waitFor({ timeout: 15_000 })
    assert.equal(await page.locator('.points .point-task').count(), 6)
    assert.match((await daily.locator('.point-task-progress').textContent())!, /^0\/5 题$/)
    assert.match((await daily.locator('.point-task-rule').textContent())!, /已得 0\/5 分/)
    assert.match((await page.locator('.points .point-task-chapter .point-task-rule').textContent())!, /每日上限 6 分/)
    await shot(page, 'points-before')

    await daily.locator('.point-task-go').click()
    const cards = page.locator('.daily .question-card')
    await cards.first().waitFor({ timeout: 10_000 })
    const n = await cards.count()
    assert.equal(n, 5)
    for (let i = 0; i < n; i++) {
      await cards.nth(i).locator('.question-option').first().click()
      await page.locator('.daily .daily-submit').first().click()
      await cards.nth(i).locator('.question-feedback').waitFor({ timeout: 10_000 })
    }
    await page.getByText('+5 积分').first().waitFor({ timeout: 10_000 })
    await page.locator('.daily .daily-summary').waitFor({ timeout: 10_000 })
    assert.match((await page.locator('.daily .daily-summary').textContent())!, /答对 \d\/5 题 · \+5 积分/)
    await shot(page, 'daily-done-toast')

    await page.goto(`${t.url}/#/quizzes/points/index`)
    await page.locator('.points .point-task-daily .point-task-done').waitFor({ timeout: 10_000 })
    assert.match((await page.locator('.points .point-task-daily .point-task-progress').textContent())!, /^5\/5 题$/)
    assert.match((await page.locator('.points .points-today').textContent())!, /今日已得 5 /)
    await shot(page, 'points-after')

    // The quiz hub links to the points page and shows the tasks done.
    await page.goto(`${t.url}/#/pages/quiz/index`)
    await page.locator('.quiz-hub .points-card:visible').waitFor({ timeout: 10_000 })
    assert.match((await page.locator('.quiz-hub .points-card:visible').textContent())!, /任务完成 1\/6/)
    await shot(page, 'quiz-hub')

    // Read mode: progress below 100% until completed, 背题模式 and 章节练习 as full-size buttons.
    await page.goto(`${t.url}/#/pages/study/index`)
    await page.locator('.study .chapter-item').first().click()
    await page.locator('.chapter .chapter-progress').waitFor({ timeout: 15_000 })
    assert.match((await page.locator('.chapter .chapter-progress').textContent())!, /学习进度 \d+%|未学/)
    await page.locator('.chapter .recite-mode').click()
    assert.match((await page.locator('.chapter .recite-mode').textContent())!, /背题模式：开/)
    await shot(page, 'chapter')
  })
})

test('学习积分: reading an article to completion shows "+1 积分" on the article page and the 阅读文章 task moves to 1/6', async () => {
  const t = fixture.server()
  const admin = await t.signInAdmin('publicity_admin')
  // 200 characters: about 30 s to read, so completion needs depth ≥ 0.9 and 9 engaged seconds.
  const created = await t.api('post', '/api/admin/articles', {
    token: admin.token,
    body: { title: '积分浏览器测试文章', bodyMarkdown: '扫黑除恶专项斗争事关社会大局稳定和国家长治久安。'.repeat(10).slice(0, 200), required: false },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const articleId = created.body.article.id as string
  assert.equal((await t.api('post', `/api/admin/articles/${articleId}/publish`, { token: admin.token })).status, 200)

  const { page, context } = await phone(fixture.browser())
  await onBrowserPages({ 'reader-article-points': { page, context } }, async () => {
    await page.goto(`${t.url}/#/quizzes/points/index`)
    const task = page.locator('.points .point-task-article')
    await task.waitFor({ timeout: 15_000 })
    assert.match((await task.locator('.point-task-progress').textContent())!, /^0\/6 篇$/)
    assert.match((await page.locator('.points .point-task-minutes .point-task-progress').textContent())!, /^0\/30 分钟$/)

    await page.goto(`${t.url}/#/pages/article/index?id=${articleId}`)
    await page.locator('.article-end').waitFor({ timeout: 15_000 })
    // Read to the end and keep engaging (scrolls) until the article completes and the toast shows.
    await page.mouse.move(200, 400)
    const toast = page.getByText('+1 积分').first()
    for (let i = 0; i < 45 && !(await toast.isVisible()); i++) {
      await page.mouse.wheel(0, 300)
      await page.waitForTimeout(1000)
    }
    await toast.waitFor({ timeout: 5_000 })
    await shot(page, 'article-done-toast')

    await page.goto(`${t.url}/#/quizzes/points/index`)
    await task.waitFor({ timeout: 15_000 })
    assert.match((await task.locator('.point-task-progress').textContent())!, /^1\/6 篇$/)
    assert.match((await task.locator('.point-task-rule').textContent())!, /已得 1\/6 分/)
    assert.match((await page.locator('.points .points-today').textContent())!, /今日已得 1 /)
    await shot(page, 'points-after-article', true)
  })
})

test('challenge: rules first, then the end screen shows the choice that ended the run and the right answer', async () => {
  const t = fixture.server()
  const { page, context } = await phone(fixture.browser())
  await onBrowserPages({ 'reader-challenge': { page, context } }, async () => {
    await page.goto(`${t.url}/#/quizzes/challenge/index`)
    const rules = page.locator('.challenge .challenge-rules')
    await rules.waitFor({ timeout: 15_000 })
    assert.match((await rules.textContent())!, /每题限时 20 秒.*1 条命.*每连续答对 1 题得 1 积分，每日上限 6 分.*个人最好成绩：0 题/)
    await shot(page, 'challenge-rules')
    await page.locator('.challenge .start-challenge').click()
    // Always the first option: some answer is wrong sooner or later.
    for (let i = 0; i < 40 && !(await page.locator('.challenge .challenge-end').count()); i++) {
      await page.locator('.challenge .question-option').first().click()
      await page.locator('.challenge .challenge-answer').click()
      await page.waitForTimeout(300)
    }
    await page.locator('.challenge .challenge-end').waitFor({ timeout: 10_000 })
    const mistake = page.locator('.challenge .challenge-mistake')
    assert.equal(await mistake.count(), 1)
    assert.match((await mistake.locator('.answer-compare').textContent())!, /你的答案：A/)
    assert.equal(await mistake.locator('.option-picked').count(), 1)
    assert.ok((await mistake.locator('.option-right').count()) >= 1)
    assert.match((await page.locator('.challenge .challenge-end').textContent())!, /个人最好 \d+ 题/)
    await shot(page, 'challenge-end')
  })
})

test('the leaderboard marks the reader, pins their row while it is off screen, and ranks only departments with people', async () => {
  const t = fixture.server()
  await Department.create({ code: 'E2E-EMPTY', name: '无人测试部门', kind: 'office', active: true })
  const dept = await t.departmentId('C01')
  // Sixteen colleagues with points, so the reader (no points) is at the bottom, beyond the first screen.
  for (let i = 0; i < 16; i++) {
    await Person.create({ number: `LB${i}`, name: `同事${String.fromCharCode(0x7532 + i)}明`, type: 'student', departmentId: dept })
    const r = await t.signInReader()
    const bound = await t.api('put', '/api/me/binding', { token: r.token, body: { number: `LB${i}`, name: `同事${String.fromCharCode(0x7532 + i)}明` } })
    assert.equal(bound.status, 200, JSON.stringify(bound.body))
    await awardPoints(r.userId, null, 'challenge', `e2e-board-${i}`, new Date(), 1 + (i % 6))
  }
  await Person.create({ number: 'LB-ME', name: '王小明', type: 'student', departmentId: dept })
  const { page, context } = await phone(fixture.browser())
  await onBrowserPages({ 'reader-leaderboard': { page, context } }, async () => {
    await bindInBrowser(page, t.url, 'LB-ME', '王小明')
    assert.equal(await page.locator('.mine .user-nickname').textContent(), '王小明', '我的 shows the roster name')
    await shot(page, 'mine')

    await page.goto(`${t.url}/#/quizzes/leaderboard/index`)
    const mine = page.locator('.leaderboard .board-list .board-row-me')
    await mine.waitFor({ timeout: 15_000 })
    assert.match((await mine.textContent())!, /王小明（我）/)
    assert.equal(await page.locator('.leaderboard .board-list .board-row').count(), 17)
    assert.equal(await page.getByText('同事甲明').count(), 0, 'colleagues are masked')
    assert.ok(!(await onScreen(page, '.leaderboard .board-list .board-row-me')), 'the reader is below the first screen')
    await page.locator('.leaderboard .board-pinned').waitFor({ timeout: 5_000 })
    assert.match((await page.locator('.leaderboard .board-pinned').textContent())!, /17王小明（我）0 分/)
    await shot(page, 'leaderboard-pinned')

    await mine.scrollIntoViewIfNeeded()
    await page.locator('.leaderboard .board-pinned').waitFor({ state: 'detached', timeout: 5_000 })
    await shot(page, 'leaderboard-me-visible')

    await page.locator('.leaderboard .board-tab', { hasText: '部门' }).click()
    const rows = page.locator('.leaderboard .board-dept')
    await rows.first().waitFor()
    assert.equal(await page.locator('.leaderboard .board-row:not(.board-dept)').count(), 0, 'no reader rows left on the departments tab')
    assert.equal(await page.locator('.leaderboard .board-dept', { hasText: '无人测试部门' }).count(), 0, 'a department with nobody is not ranked')
    assert.equal(await page.locator('.leaderboard .board-dept.board-row-me').count(), 1, 'my department is highlighted')
    assert.match((await page.locator('.leaderboard .board-dept.board-row-me').textContent())!, /（我的部门）.*人均 [\d.]+ 分/)
    await shot(page, 'leaderboard-departments')
  })
})

test('我的: binding errors read in Chinese, a refused field under its input and a wrong pair as one sentence', async () => {
  const t = fixture.server()
  const reader = await phone(fixture.browser())
  const { page } = reader
  await onBrowserPages({ 'mine-binding-errors': reader }, async () => {
    await page.goto(`${t.url}/#/pages/mine/index`)
    const form = page.locator('.binding-form')
    await form.locator('input').first().fill('   ')
    await form.locator('input').nth(1).fill('王小明')
    await form.locator('.btn-primary').click()
    // Blank after trimming: the number field's own message, right under it.
    const numberError = form.locator('.error', { hasText: '请输入学号或工号' })
    await numberError.waitFor({ timeout: 10_000 })
    assert.equal(await form.locator('.error').count(), 1)
    const [numberBox, errorBox, nameBox] = await Promise.all([form.locator('input').first().boundingBox(), numberError.boundingBox(), form.locator('input').nth(1).boundingBox()])
    assert.ok(numberBox!.y < errorBox!.y && errorBox!.y < nameBox!.y, 'the message sits between the number and the name inputs')

    await form.locator('input').first().fill('20990001')
    await form.locator('.btn-primary').click()
    await form.locator('.error', { hasText: '学号/工号与姓名不匹配' }).waitFor({ timeout: 10_000 })
    assert.equal(await form.locator('.error').count(), 1, 'the number field error is gone')
    assert.doesNotMatch(await form.innerText(), /body\.|number|Too small/)
  })
})
