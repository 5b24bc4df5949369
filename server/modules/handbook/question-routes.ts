import type { AppDeps } from '../../deps'
import { route } from '../../http/route'
import { idParams } from '../../../contract/common'
import { adminQuestionEnvelope, adminQuestionListOut, adminQuestionQuery, questionEdit } from '../../../contract/question-bank'
import { getCurrentCampaign } from '../campaigns/service'
import { editBankQuestion, getBankQuestion, listBankQuestions, setBankQuestionActive } from './question-admin'

/** The console's question bank: search, one question with its statistics, edit, retire, restore. */
export function questionBankRoutes(deps: AppDeps) {
  const campaignId = async () => (await getCurrentCampaign(deps.clock.now()))._id
  return [
    route({
      method: 'get',
      path: '/api/admin/questions',
      summary: '题库列表：按题干搜索，按章节、题型、状态、是否需关注筛选，按统计排序，分页；每题附难度（答对率）与区分度及提示',
      tags: ['handbook'],
      access: 'handbook.manage',
      query: adminQuestionQuery,
      response: adminQuestionListOut,
      handler: async (_ctx, { query }) => listBankQuestions(await campaignId(), query),
    }),
    route({
      method: 'get',
      path: '/api/admin/questions/:id',
      summary: '一道题及其统计',
      tags: ['handbook'],
      access: 'handbook.manage',
      params: idParams,
      response: adminQuestionEnvelope,
      handler: async (_ctx, { params }) => ({ question: await getBankQuestion(await campaignId(), params.id) }),
    }),
    route({
      method: 'put',
      path: '/api/admin/questions/:id',
      summary: '修改一道题（题干、选项、答案、解析、依据、难度、标签、章节）',
      tags: ['handbook'],
      access: 'handbook.manage',
      params: idParams,
      body: questionEdit,
      response: adminQuestionEnvelope,
      handler: async (_ctx, { params, body }) => ({ question: await editBankQuestion(await campaignId(), params.id, body) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/questions/:id/retire',
      summary: '停用一道题（不再出现在练习和考试中，作答记录保留）',
      tags: ['handbook'],
      access: 'handbook.manage',
      params: idParams,
      response: adminQuestionEnvelope,
      handler: async (_ctx, { params }) => ({ question: await setBankQuestionActive(await campaignId(), params.id, false) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/questions/:id/restore',
      summary: '恢复已停用的题目',
      tags: ['handbook'],
      access: 'handbook.manage',
      params: idParams,
      response: adminQuestionEnvelope,
      handler: async (_ctx, { params }) => ({ question: await setBankQuestionActive(await campaignId(), params.id, true) }),
    }),
  ]
}
