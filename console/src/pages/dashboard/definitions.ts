/**
 * What each figure means, as the dashboard explains it on hover: docs/metrics.md and
 * DESIGN.md §4 in words for the campaign office. Every rate is a count ÷ the roster.
 */
export const DEFINITIONS = {
  roster: '花名册人数：统计期末在册的学生和教职工。已离校人员、未绑定学号/工号的微信用户不计入。',
  reachRate: '触达率 = 打开过本专项至少一项内容（文章或学习章节）的人数 ÷ 花名册人数。',
  readThroughRate: '阅读完成率 = 读完了要求本人阅读的全部必读内容的人数 ÷ 花名册人数。“读完”指滚动到正文 90% 以上且阅读时长达标；没有必读内容的人不算读完。',
  quizPassRate: '答题通过率 = 知识竞赛至少一次达到及格线的人数 ÷ 花名册人数。',
  awarenessRate: '知晓率 = 阅读完成或答题通过（满足其一即可）的人数 ÷ 花名册人数，截至统计期末累计。',
  participationRate: '参与率 = 本月内读完至少一项内容或提交过一次答题的人数 ÷ 花名册人数（按自然月，北京时间）。',
  ranking: '部门按知晓率排名，知晓率相同时看参与率；比率相同名次相同。花名册中没有人员的部门不参与排名。',
  depth: '每篇内容的读者按读到的最深位置分组（0–10% … 90–100%）；读得更深的读者计入更深的一组。统计所有登录读者，不限本月。',
  channel: '读者第一次打开某篇内容时从哪里进入：公众号、订阅消息、小程序码、URL Link、转发等。读完率 = 由该渠道打开后读完的次数 ÷ 打开次数。',
} as const

export type DefinitionKey = keyof typeof DEFINITIONS
