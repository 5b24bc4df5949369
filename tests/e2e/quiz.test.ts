import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { shanghaiDay } from '../../server/clock'
import { Chapter } from '../../server/modules/handbook/model'
import { DailySet, WrongAnswer } from '../../server/modules/quiz/model'
import { newPhonePage, onBrowserPages, readerSession, useBrowserFixture } from '../helpers/browser'
import { saveReaderScreenshot } from '../helpers/reader-checks'

const fixture = useBrowserFixture()

/**
 * Answers practice questions with their first option until one is judged. A question in the
 * reader's daily quiz of today (drawn at random) is held back, and the reader goes on to the next.
 */
async function practiseUntilJudged(page: Page): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await page.locator('.practice .question-option').first().click()
    await page.locator('.practice .submit-answer').click()
    await page.locator('.practice .question-feedback, .practice .next-question').first().waitFor({ timeout: 10_000 })
    if (await page.locator('.practice .question-feedback').isVisible()) return
    await page.locator('.practice .next-question').click()
  }
  throw new Error('no practice question was judged in five tries')
}

test('a reader practises a chapter, takes the exam, sees score and review, and finds the wrong answers in the wrong-answer book', async () => {
  const t = fixture.server()
  const browser = fixture.browser()
  const { page, context } = await newPhonePage(browser)
  page.on('dialog', (d) => void d.accept())
  await onBrowserPages({ quiz: { page, context } }, async () => {
    // Chapter practice with instant feedback.
    await page.goto(`${t.url}/#/pages/study/index`)
    await page.locator('.study .chapter-item').first().click()
    await page.locator('.chapter .start-practice').click()
    // Taro keeps earlier pages in the DOM (hidden): scope every locator to the page shown.
    await practiseUntilJudged(page)
    assert.match((await page.locator('.practice .question-feedback').textContent())!, /回答(正确|错误)[\s\S]*解析/)

    // The exam: answer every question with its first option, then hand in.
    await page.goto(`${t.url}/#/pages/quiz/index`)
    await page.locator('.quiz-hub .exam-item .start-exam').first().click()
    await page.locator('.exam .exam-question').first().waitFor({ timeout: 15_000 })
    const questions = await page.locator('.exam .exam-question').count()
    assert.equal(questions, 20)
    for (let i = 0; i < questions; i++) await page.locator('.exam .exam-question').nth(i).locator('.question-option').first().click()
    await page.waitForTimeout(500)
    await page.locator('.exam .submit-exam').click()
    await page.locator('.answer-sheet .confirm-hand-in').click()
    await page.locator('.exam-score').waitFor({ timeout: 15_000 })
    assert.match((await page.locator('.exam-score').textContent())!, /得分 \d+ \/ 100/)
    const wrongInReview = await page.locator('.review-wrong').count()
    assert.equal(await page.locator('.review-item').count(), 20)
    assert.ok(wrongInReview > 0, 'always picking A gets some wrong')
    assert.ok(await page.locator('.review-item .question-explanation').first().isVisible(), 'review shows explanations')

    // The wrong-answer book has them.
    await page.locator('.exam-review').getByText('查看错题本').click()
    await page.locator('.wrong-book .wrong-item').first().waitFor({ timeout: 10_000 })
    const { userId } = await readerSession(page)
    const entries = await WrongAnswer.countDocuments({ userId })
    assert.ok(entries >= wrongInReview, `${entries} entries for ${wrongInReview} wrong exam answers`)
    assert.equal(await page.locator('.wrong-book .wrong-item').count(), entries)
  })
})

test("a practice question in today's daily quiz is held back with the reason, and the reader goes on to the next one", async () => {
  const t = fixture.server()
  const { page, context } = await newPhonePage(fixture.browser())
  await onBrowserPages({ 'practice-held-back': { page, context } }, async () => {
    await page.goto(`${t.url}/#/pages/study/index`)
    await page.locator('.study .chapter-item').first().click()
    await page.locator('.chapter .start-practice').click()
    await page.locator('.practice .question-option').first().waitFor({ timeout: 10_000 })
    // Today's daily quiz of the reader holds the question shown (and only it), as a draw may.
    const chapterId = new URL(page.url().replace('#', '')).searchParams.get('chapterId')!
    const { userId, token } = await readerSession(page)
    const practice = await t.api('get', `/api/quiz/practice/chapters/${chapterId}`, { token })
    const shown = practice.body.items[practice.body.resumeAt].id as string
    const chapter = (await Chapter.findById(chapterId).lean())!
    await DailySet.updateOne({ userId, campaignId: chapter.campaignId, day: shanghaiDay(t.clock.now()) }, { $set: { questionIds: [shown] } }, { upsert: true })

    await page.locator('.practice .question-option').first().click()
    await page.locator('.practice .submit-answer').click()
    await page.locator('.practice .error').getByText('请先在每日一练中作答').waitFor({ timeout: 10_000 })
    assert.equal(await page.locator('.practice .question-feedback').count(), 0, 'no answer or explanation shown')
    await saveReaderScreenshot(page, 'practice-held-back')
    await page.locator('.practice .next-question').getByText('先练下一题').click()
    await page
      .locator('.practice')
      .getByText(`第 ${practice.body.resumeAt + 2}/`)
      .waitFor()
    assert.equal(await page.locator('.practice .error').count(), 0, 'the reason went with its question')
    await page.locator('.practice .question-option').first().click()
    await page.locator('.practice .submit-answer').click()
    await page.locator('.practice .question-feedback').waitFor({ timeout: 10_000 })
    await saveReaderScreenshot(page, 'practice-after-held-back')
  })
})

test('when the time runs out the exam hands itself in, in time for the server', async () => {
  const t = fixture.server()
  const admin = await t.signInAdmin('publicity_admin')
  const exam = await t.api('post', '/api/admin/exams', {
    token: admin.token,
    body: {
      title: '三十秒竞赛',
      blueprint: [{ type: 'truefalse', count: 2, points: 50 }],
      timeLimitSeconds: 30,
      lateSubmission: 'refuse',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      published: true,
    },
  })
  assert.equal(exam.status, 201)
  const { page, context } = await newPhonePage(fixture.browser())
  await onBrowserPages({ 'quiz-auto-submit': { page, context } }, async () => {
    await page.goto(`${t.url}/#/quizzes/exam/index?examId=${exam.body.exam.id}`)
    await page.locator('.exam .exam-question').first().waitFor({ timeout: 15_000 })
    await page.locator('.exam .exam-question').first().locator('.question-option').first().click()
    // No hand-in: the countdown reaches zero and the page submits; under 'refuse' the server
    // still takes it within its few seconds of grace, so it is scored, not expired.
    await page.locator('.exam-score').waitFor({ timeout: 45_000 })
    assert.match((await page.locator('.exam-score').textContent())!, /得分 \d+ \/ 100/)
    assert.equal(await page.getByText('不予计分').count(), 0)
  })
})
