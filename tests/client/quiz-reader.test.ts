import assert from 'node:assert/strict'
import { test } from 'node:test'
import { avatarChar, displayName } from '../../src/pages/mine/displayName'
import { readingStateLabel } from '../../src/services/reading'
import { ApiError } from '../../contract/api-error'
import { chapterStateLabel, durationLabel, handInPrompt, isAnswerHeldBack, pointsToastTitle, sheetState } from '../../src/services/quiz'

test('"+N 积分" only when points were earned', () => {
  assert.equal(pointsToastTitle(5), '+5 积分')
  assert.equal(pointsToastTitle(0), null)
})

test('time used reads as seconds, then minutes and seconds', () => {
  assert.deepEqual([durationLabel(45), durationLabel(60), durationLabel(185.4)], ['45 秒', '1 分 00 秒', '3 分 05 秒'])
})

test('answer-sheet cells: flagged wins, then answered', () => {
  assert.deepEqual([sheetState(['a'], true), sheetState(['a'], false), sheetState([], false), sheetState(null, false)], ['flagged', 'answered', 'unanswered', 'unanswered'])
})

test('the hand-in prompt always asks, naming the unanswered count', () => {
  assert.match(handInPrompt(20, 3), /还有 3 题未作答（共 20 题）.*确定交卷吗/)
  assert.match(handInPrompt(20, 0), /已答完全部 20 题.*确定交卷吗/)
})

test('a chapter or article never shows 100% before it is completed', () => {
  assert.equal(chapterStateLabel({ state: 'reading', progress: 0.99, remainingSeconds: 12 }), '学习进度 99% · 再学约 12 秒完成')
  assert.equal(chapterStateLabel({ state: 'reading', progress: 0.2, remainingSeconds: 25 }), '学习进度 20%')
  assert.equal(chapterStateLabel({ state: 'completed', progress: 1, remainingSeconds: 0 }), '已学完')
  assert.equal(chapterStateLabel({ state: 'unread', progress: 0, remainingSeconds: 0 }), '未学')
  assert.equal(readingStateLabel({ state: 'reading', depth: 1 }), '已读 99%')
  assert.equal(readingStateLabel({ state: 'completed', depth: 1 }), '已完成')
})

test('我的 shows the roster name once bound, an admin its account name, otherwise 未绑定 (never 访客xxxx)', () => {
  const person = { id: 'p', number: '2026001', name: '王小明', type: 'student', departmentId: 'd', departmentName: '信息学院', className: null }
  assert.deepEqual(displayName({ nickname: '访客pkm2', username: null, person }), { name: '王小明', bound: true })
  assert.deepEqual(displayName({ nickname: '宣传部管理员', username: 'xcb', person: null }), { name: '宣传部管理员', bound: false })
  assert.deepEqual(displayName({ nickname: '访客pkm2', username: null, person: null }), { name: '同学（未绑定）', bound: false })
  assert.equal(avatarChar('王小明', true), '王')
  assert.equal(avatarChar('同学（未绑定）', false), '我')
})

test('practice goes on past a question the server holds back (exam, challenge, daily quiz), not past other refusals', () => {
  for (const code of ['QUESTION_IN_OPEN_EXAM', 'QUESTION_IN_CHALLENGE', 'QUESTION_IN_DAILY']) assert.equal(isAnswerHeldBack(new ApiError(409, code, '…')), true, code)
  assert.equal(isAnswerHeldBack(new ApiError(409, 'ALREADY_ANSWERED', '这道题今天已经答过了')), false)
  assert.equal(isAnswerHeldBack(new ApiError(0, 'NETWORK', '网络不可用')), false)
  assert.equal(isAnswerHeldBack(new Error('QUESTION_IN_DAILY')), false)
})
