import { Campaign } from '../../server/modules/campaigns/model'
import type { HandbookSeed, SeedQuestion } from '../../server/modules/handbook/content/types'
import { seedHandbook } from '../../server/modules/handbook/service'

/** Replaces the seeded campaign's handbook with a constructed bank (see constructedBank). */
export async function seedConstructedBank(chapters?: number, singlesPerChapter?: number): Promise<void> {
  const campaign = await Campaign.findOne({ slug: 'saoheichue' }).lean()
  await seedHandbook(campaign!._id, constructedBank(chapters, singlesPerChapter))
}

/** A small valid bank: per chapter, singles (answer index varies), one multiple, one true/false. */
export function constructedBank(chapters = 2, singlesPerChapter = 6): HandbookSeed {
  return {
    campaignSlug: 'saoheichue',
    title: '测试题库',
    chapters: Array.from({ length: chapters }, (_, c) => ({
      key: `test-ch${c + 1}`,
      title: `测试章节${c + 1}`,
      summary: '用于测试',
      questions: [
        ...Array.from({ length: singlesPerChapter }, (_, i): SeedQuestion => ({
          key: `test-ch${c + 1}-single-${i + 1}`,
          type: 'single',
          stem: `第${c + 1}章单选题${i + 1}：哪个是正确的？`,
          options: ['甲', '乙', '丙', '丁'],
          answer: [i % 4],
          explanation: '解析',
          basis: '依据',
          difficulty: 1,
          tags: [],
        })),
        {
          key: `test-ch${c + 1}-multiple`,
          type: 'multiple',
          stem: `第${c + 1}章多选题：哪些正确？`,
          options: ['甲', '乙', '丙', '丁'],
          answer: [0, 2],
          explanation: '解析',
          basis: '依据',
          difficulty: 2,
          tags: [],
        },
        {
          key: `test-ch${c + 1}-truefalse`,
          type: 'truefalse',
          stem: `第${c + 1}章判断题：这句话对吗？`,
          options: ['正确', '错误'],
          answer: [1],
          explanation: '解析',
          basis: '依据',
          difficulty: 1,
          tags: [],
        },
      ],
    })),
  }
}

/** Fails if a response carries any answer material. */
export function assertNoAnswerLeak(value: unknown, where = 'response'): void {
  const forbidden = new Set(['answer', 'answers', 'correct', 'explanation', 'basis', 'earned', 'score'])
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`))
    if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (forbidden.has(k)) throw new Error(`answer material "${k}" leaked at ${path}.${k} in ${where}`)
        walk(child, `${path}.${k}`)
      }
    }
  }
  walk(value, '$')
}

interface ShownQuestion {
  id: string
  options: { id: string; text: string }[]
}

/**
 * The option ids (as the reader was shown them) of the right answer, found independently of
 * the server's id mapping: by the text of the stored right options.
 */
export async function rightOptionIds(item: ShownQuestion): Promise<string[]> {
  const { Question } = await import('../../server/modules/handbook/model')
  const q = (await Question.findById(item.id).lean())!
  const rightTexts = new Set(q.options.filter((o) => q.answer.includes(o.id)).map((o) => o.text))
  const ids = item.options.filter((o) => rightTexts.has(o.text)).map((o) => o.id)
  if (ids.length !== q.answer.length) throw new Error(`could not find the right options of ${item.id} among those shown`)
  return ids
}

/** One wrong option, as shown. */
export async function wrongOptionId(item: ShownQuestion): Promise<string> {
  const right = await rightOptionIds(item)
  return item.options.find((o) => !right.includes(o.id))!.id
}
