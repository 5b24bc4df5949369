/** Words that make a statement sweeping; when only false statements carry them, they give the answer away. */
export const ABSOLUTE_WORDS = /只要|只是|只会|一定|所有|都|必然|绝对/

/** Character-bigram Jaccard similarity of two stems, ignoring punctuation and spaces. */
export function stemSimilarity(a: string, b: string): number {
  const bigrams = (s: string) => {
    const chars = [...s.replace(/[\s，。、？！：；“”（）《》,.?!:;()]/g, '')]
    return new Set(chars.slice(1).map((c, i) => chars[i] + c))
  }
  const x = bigrams(a)
  const y = bigrams(b)
  const shared = [...x].filter((g) => y.has(g)).length
  return shared / (x.size + y.size - shared || 1)
}
