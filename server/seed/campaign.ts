/** The first campaign. The next one (反诈, 禁毒, 国家安全教育…) is created by admins, not code. */
export const FIRST_CAMPAIGN = {
  slug: 'saoheichue',
  // Since 2021 the campaign is 常态化: the name 专项斗争 belongs to 2018–2020 (the handbook teaches this).
  title: '扫黑除恶',
  subtitle: '常态化开展扫黑除恶斗争，共建平安校园',
  description:
    '学院扫黑除恶工作已形成常态化机制。请同学们认真阅读专题新闻、学习《扫黑除恶常态化知识问答》，' +
    '提高识别黑恶势力、软暴力、套路贷和校园贷的能力；发现涉黑涉恶线索，可通过本小程序匿名举报，举报内容加密保存，只有保卫处可以查看。',
  status: 'active' as const,
  startAt: new Date('2026-09-01T00:00:00+08:00'),
  tipCategories: [
    { code: 'gang', name: '黑社会性质组织' },
    { code: 'evil-force', name: '恶势力及恶势力犯罪集团' },
    { code: 'soft-violence', name: '软暴力、强迫交易、寻衅滋事' },
    { code: 'campus-loan', name: '套路贷、校园贷' },
    { code: 'protection', name: '“保护伞”及腐败问题' },
    { code: 'campus-order', name: '校园周边乱象' },
    { code: 'other', name: '其他' },
  ],
}

/**
 * What earlier versions shipped: a database seeded with them gets the current wording, field
 * by field, only while the field still holds the shipped text (an admin's edit is kept).
 */
export const FORMER_CAMPAIGN_TEXT: Partial<Record<'title' | 'subtitle' | 'description', string[]>> = {
  title: ['扫黑除恶专项斗争'],
  subtitle: ['常态化开展扫黑除恶，共建平安校园'],
  description: [
    '学院扫黑除恶工作已形成常态化机制。请同学们认真阅读专题新闻、学习《专项斗争知识问答》，' +
      '提高识别黑恶势力、软暴力、套路贷和校园贷的能力；发现涉黑涉恶线索，可通过本小程序匿名举报，保卫处严格保密。',
    '学院扫黑除恶工作已形成常态化机制。请同学们认真阅读专题新闻、学习《扫黑除恶常态化知识问答》，' +
      '提高识别黑恶势力、软暴力、套路贷和校园贷的能力；发现涉黑涉恶线索，可通过本小程序匿名举报，保卫处严格保密。',
  ],
}
