import { badRequest, notFound } from '../../errors'
import { publicOptionId } from '../handbook/bank'
import { Question, type QuestionDoc } from '../handbook/model'

/**
 * Questions as readers see them. Option ids are public ids (short hashes, see
 * publicOptionId): the stored ids a, b, c… never leave the server, so a shuffled paper does
 * not reveal where an option originally stood. Readers send public ids back; the server
 * maps them to stored ids before scoring or storing.
 */
function publicIds(q: QuestionDoc): Map<string, string> {
  return new Map(q.options.map((o) => [o.id, publicOptionId(String(q._id), o.text)]))
}

/** A question as a reader may see it before answering: never the answer, explanation or basis. */
export function publicQuestion(q: QuestionDoc, optionOrder?: string[]) {
  const text = new Map(q.options.map((o) => [o.id, o.text]))
  const ids = publicIds(q)
  const order = (optionOrder ?? q.options.map((o) => o.id)).filter((id) => ids.has(id))
  return { id: String(q._id), type: q.type, stem: q.stem, options: order.map((id) => ({ id: ids.get(id)!, text: text.get(id)! })) }
}

/** Stored option ids → the ids the reader sees. */
export function publicSelection(q: QuestionDoc, stored: readonly string[] | null | undefined): string[] {
  const ids = publicIds(q)
  return (stored ?? []).flatMap((id) => (ids.has(id) ? [ids.get(id)!] : []))
}

/** After answering: the answer (in public ids) and why. */
export function revealedQuestion(q: QuestionDoc) {
  return { answer: publicSelection(q, q.answer), explanation: q.explanation, basis: q.basis }
}

/** The reader's choice (public ids) as stored ids; 400 for an option of another question or two picks on a single-answer question. */
export function decodeSelection(q: QuestionDoc, selected: readonly string[]): string[] {
  const stored = new Map([...publicIds(q)].map(([storedId, publicId]) => [publicId, storedId]))
  if (selected.some((id) => !stored.has(id))) throw badRequest('所选选项不属于这道题', 'BAD_OPTION')
  if (q.type !== 'multiple' && selected.length > 1) throw badRequest('这道题只能选一个选项', 'BAD_OPTION')
  return [...new Set(selected.map((id) => stored.get(id)!))].sort()
}

export async function loadQuestion(id: string): Promise<QuestionDoc> {
  const q = await Question.findOne({ _id: id, active: true }).lean<QuestionDoc>()
  if (!q) throw notFound('题目不存在', 'QUESTION_NOT_FOUND')
  return q
}

export async function questionsById(ids: readonly unknown[]): Promise<Map<string, QuestionDoc>> {
  return new Map((await Question.find({ _id: { $in: ids } }).lean<QuestionDoc[]>()).map((q) => [String(q._id), q]))
}
