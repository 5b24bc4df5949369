import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { binary, route } from '../../http/route'
import { AppError } from '../../errors'
import { idParams, objectId } from '../../../contract/common'
import { getCurrentCampaign } from '../campaigns/service'
import { identityOf } from '../summary/service'
import { engagedSecondsOn } from '../progress/service'
import { shanghaiDay } from '../../clock'
import { departmentBoards, departmentReaderBoard, examStatistics, wrongBookWorkbook } from './boards'
import {
  createExam,
  examPaper,
  examReview,
  listExamsForAdmin,
  listExamsForReader,
  myExamResults,
  recordLeave,
  saveExamAnswer,
  startExamAttempt,
  submitExam,
  updateExam,
} from './exams'
import { pointsSummary } from './points'
import {
  adminExamEnvelope,
  adminExamListOut,
  answerInput,
  attemptOut,
  challengeAnswerOut,
  challengeRulesOut,
  challengeTurnOut,
  dailyAnswerOut,
  dailyQuizOut,
  examInput,
  examPatch,
  examResultOut,
  examStatisticsOut,
  judgedOut,
  leaderboardsOut,
  leaveOut,
  myExamResultsOut,
  pointsOut,
  practiceChapterOut,
  readerExamListOut,
  savedAnswerOut,
  selection,
  wrongBookOut,
  wrongBookPracticeOut,
} from '../../../contract/quiz'
import { answerChallenge, answerDaily, answerPractice, challengeRules, dailyQuiz, practiceChapter, startChallenge, wrongBook, wrongBookPractice } from './service'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function quizRoutes(deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/quiz/practice/chapters/:id',
      summary: '章节练习（可续答；已答的题显示答案与解析）',
      tags: ['quiz'],
      access: 'user',
      params: idParams,
      response: practiceChapterOut,
      handler: (_ctx, { user, params }) => practiceChapter(user!.id, params.id),
    }),
    route({
      method: 'post',
      path: '/api/quiz/practice/answer',
      summary: '练习作答：立即判对错并给出解析',
      tags: ['quiz'],
      access: 'user',
      body: answerInput
        .extend({
          mode: z.enum(['practice', 'review']).default('practice'),
          /** The client's name for this answer: sending it again (a retry) records it once. */
          answerId: z
            .string()
            .regex(/^[\w-]{8,64}$/, '答题编号格式不正确')
            .optional(),
        })
        .strict(),
      response: judgedOut,
      handler: (_ctx, { user, body }) => answerPractice(deps, user!.id, body.questionId, body.selected, body.mode, body.answerId),
    }),
    route({
      method: 'get',
      path: '/api/quiz/daily',
      summary: '每日一练（按上海时间每天一组，全天不变）',
      tags: ['quiz'],
      access: 'user',
      response: dailyQuizOut,
      handler: (_ctx, { user }) => dailyQuiz(deps, user!.id),
    }),
    route({
      method: 'post',
      path: '/api/quiz/daily/answer',
      summary: '每日一练作答',
      tags: ['quiz'],
      access: 'user',
      body: answerInput,
      response: dailyAnswerOut,
      handler: (_ctx, { user, body }) => answerDaily(deps, user!.id, body.questionId, body.selected),
    }),
    route({
      method: 'get',
      path: '/api/quiz/exams',
      summary: '知识竞赛列表',
      tags: ['quiz'],
      access: 'user',
      response: readerExamListOut,
      handler: async (_ctx, { user }) => ({ exams: await listExamsForReader(deps, user!.id) }),
    }),
    route({
      method: 'get',
      path: '/api/quiz/results',
      summary: '我的考试：已交卷的成绩（可重新打开）',
      tags: ['quiz'],
      access: 'user',
      response: myExamResultsOut,
      handler: async (_ctx, { user }) => ({ results: await myExamResults(user!.id) }),
    }),
    route({
      method: 'post',
      path: '/api/quiz/exams/:id/attempts',
      summary: '开始（或继续）一次竞赛作答：服务器抽题，不含答案',
      tags: ['quiz'],
      access: 'user',
      params: idParams,
      status: 201,
      response: attemptOut,
      handler: (_ctx, { user, params }) => startExamAttempt(deps, user!.id, params.id),
    }),
    route({
      method: 'get',
      path: '/api/quiz/attempts/:id',
      summary: '试卷（未交卷不含答案）或交卷后的成绩与解析',
      tags: ['quiz'],
      access: 'user',
      params: idParams,
      response: attemptOut,
      handler: (_ctx, { user, params }) => examPaper(deps, user!.id, params.id),
    }),
    route({
      method: 'put',
      path: '/api/quiz/attempts/:id/answers',
      summary: '保存一题的作答（不判分）',
      tags: ['quiz'],
      access: 'user',
      params: idParams,
      body: z.object({ questionId: objectId, selected: selection }).strict(),
      response: savedAnswerOut,
      handler: (_ctx, { user, params, body }) => saveExamAnswer(deps, user!.id, params.id, body.questionId, body.selected),
    }),
    route({
      method: 'post',
      path: '/api/quiz/attempts/:id/leave',
      summary: '记录一次离开答题页面（超过次数自动交卷）',
      tags: ['quiz'],
      access: 'user',
      params: idParams,
      response: leaveOut,
      handler: (_ctx, { user, params }) => recordLeave(deps, user!.id, params.id),
    }),
    route({
      method: 'post',
      path: '/api/quiz/attempts/:id/submit',
      summary: '交卷：按服务器时间判定，返回成绩与解析',
      tags: ['quiz'],
      access: 'user',
      params: idParams,
      response: examResultOut,
      handler: (_ctx, { user, params }) => submitExam(deps, user!.id, params.id),
    }),
    route({
      method: 'get',
      path: '/api/quiz/attempts/:id/review',
      summary: '交卷后的解析',
      tags: ['quiz'],
      access: 'user',
      params: idParams,
      response: examResultOut,
      handler: (_ctx, { user, params }) => examReview(deps, user!.id, params.id),
    }),
    route({
      method: 'get',
      path: '/api/quiz/challenge',
      summary: '挑战答题规则与个人最好成绩',
      tags: ['quiz'],
      access: 'user',
      response: challengeRulesOut,
      handler: (_ctx, { user }) => challengeRules(deps, user!.id),
    }),
    route({
      method: 'post',
      path: '/api/quiz/challenge',
      summary: '开始挑战答题',
      tags: ['quiz'],
      access: 'user',
      status: 201,
      response: challengeTurnOut,
      handler: (_ctx, { user }) => startChallenge(deps, user!.id),
    }),
    route({
      method: 'post',
      path: '/api/quiz/challenge/:id/answer',
      summary: '挑战作答（答错或超时即结束）',
      tags: ['quiz'],
      access: 'user',
      params: idParams,
      body: answerInput,
      response: challengeAnswerOut,
      handler: (_ctx, { user, params, body }) => answerChallenge(deps, user!.id, params.id, body.questionId, body.selected),
    }),
    route({
      method: 'get',
      path: '/api/quiz/wrong-book',
      summary: '错题本',
      tags: ['quiz'],
      access: 'user',
      response: wrongBookOut,
      handler: (_ctx, { user }) => wrongBook(deps, user!.id),
    }),
    route({
      method: 'get',
      path: '/api/quiz/wrong-book/practice',
      summary: '错题复习（不含答案）',
      tags: ['quiz'],
      access: 'user',
      response: wrongBookPracticeOut,
      handler: (_ctx, { user }) => wrongBookPractice(deps, user!.id),
    }),
    route({
      method: 'get',
      path: '/api/quiz/wrong-book/export',
      summary: '导出错题本（Excel）',
      tags: ['quiz'],
      access: 'user',
      response: binary(XLSX),
      handler: async (ctx, { user }) => {
        ctx.type = XLSX
        ctx.attachment('错题本.xlsx')
        ctx.body = await wrongBookWorkbook(user!.id)
        return undefined
      },
    }),
    route({
      method: 'get',
      path: '/api/quiz/points',
      summary: '学习积分：今日各项进度与累计',
      tags: ['quiz'],
      access: 'user',
      response: pointsOut,
      handler: async (_ctx, { user }) => {
        // No campaign running: no daily quiz today (0 of 0), the points earned so far still show.
        const daily = await dailyQuiz(deps, user!.id).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'NO_ACTIVE_CAMPAIGN') return { items: [] }
          throw err
        })
        const now = deps.clock.now()
        return pointsSummary(user!.id, now, {
          dailyAnswered: daily.items.filter((i) => 'answered' in i).length,
          dailySize: daily.items.length,
          engagedSeconds: await engagedSecondsOn(user!.id, shanghaiDay(now)),
        })
      },
    }),
    route({
      method: 'get',
      path: '/api/quiz/leaderboards',
      summary: '排行榜：本部门读者积分榜（他人姓名打码，标出自己）；部门人均积分、通过率和参与率榜（不含花名册无人的部门）',
      tags: ['quiz'],
      access: 'user',
      response: leaderboardsOut,
      handler: async (_ctx, { user }) => {
        const campaign = await getCurrentCampaign(deps.clock.now())
        const { departmentId } = await identityOf(user!.id)
        const mine = departmentId ? String(departmentId) : null
        return { readers: await departmentReaderBoard(mine, user!.id), departments: await departmentBoards(campaign._id, mine) }
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/exams',
      summary: '竞赛管理列表',
      tags: ['quiz'],
      access: 'quiz.manage',
      response: adminExamListOut,
      handler: async () => ({ exams: await listExamsForAdmin(deps) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/exams',
      summary: '新建竞赛（组卷规则、时限、次数、开放时间、及格线等；题库须能按规则组卷）',
      tags: ['quiz'],
      access: 'quiz.manage',
      body: examInput,
      status: 201,
      response: adminExamEnvelope,
      handler: async (_ctx, { body }) => ({ exam: await createExam(deps, body) }),
    }),
    route({
      method: 'put',
      path: '/api/admin/exams/:id',
      summary: '修改、发布或停止竞赛（已开始的作答不受影响，仍可交卷）',
      tags: ['quiz'],
      access: 'quiz.manage',
      params: idParams,
      body: examPatch,
      response: adminExamEnvelope,
      handler: async (_ctx, { params, body }) => ({ exam: await updateExam(params.id, body) }),
    }),
    route({
      method: 'get',
      path: '/api/admin/exams/:id/statistics',
      summary: '试题分析：难度、区分度、选项分布、均分、标准差、克隆巴赫 α',
      tags: ['quiz'],
      access: 'quiz.manage',
      params: idParams,
      response: examStatisticsOut,
      handler: (_ctx, { params }) => examStatistics(params.id),
    }),
  ]
}
