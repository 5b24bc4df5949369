/**
 * Shape of a campaign's handbook as shipped seed content (and as the JSON export/import
 * of the bank). Options are listed in their correct display order; `answer` holds
 * indexes into `options`. True/false questions have options ['正确', '错误'].
 */
export type QuestionType = 'single' | 'multiple' | 'truefalse'

export interface SeedQuestion {
  /**
   * Stable id of a shipped question (e.g. "gang-03"). The seeder matches stored questions by
   * it, so reworded content replaces the old wording. Imported questions have none.
   */
  key?: string
  type: QuestionType
  stem: string
  options: string[]
  answer: number[]
  /** Why the answer is right, in plain Chinese. */
  explanation: string
  /** Legal or policy basis, e.g. 《中华人民共和国刑法》第二百九十四条. */
  basis: string
  difficulty: 1 | 2 | 3
  tags: string[]
}

export interface SeedChapter {
  /** Stable key, e.g. "ch01-gang-organization"; seeding is idempotent by key. */
  key: string
  title: string
  /** One or two sentences shown on the chapter card. */
  summary: string
  questions: SeedQuestion[]
}

export interface HandbookSeed {
  campaignSlug: string
  title: string
  chapters: SeedChapter[]
}
