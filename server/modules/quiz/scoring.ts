export interface Scorable {
  type: 'single' | 'multiple' | 'truefalse' | string
  answer: string[]
}

/**
 * Scores one answer by option ids (so shuffled option orders do not matter).
 * Single choice and true/false: exactly the right option. Multiple choice: all-or-nothing,
 * or with partial credit: points × (right picks − wrong picks) / number of right options,
 * never below 0 — so ticking every option earns nothing.
 */
export function scoreAnswer(q: Scorable, selected: readonly string[], points: number, partialCredit = false): { correct: boolean; earned: number } {
  const picked = new Set(selected)
  const right = new Set(q.answer)
  const exact = picked.size === right.size && [...picked].every((id) => right.has(id))
  if (exact) return { correct: true, earned: points }
  if (q.type !== 'multiple' || !partialCredit) return { correct: false, earned: 0 }
  const rightPicks = [...picked].filter((id) => right.has(id)).length
  const wrongPicks = picked.size - rightPicks
  const share = Math.max(0, (rightPicks - wrongPicks) / right.size)
  return { correct: false, earned: Math.round(points * share * 100) / 100 }
}

/** Fisher–Yates with an injectable random source (tests and reproducible daily sets). */
export function shuffle<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/** Small deterministic PRNG (mulberry32) from a string seed. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353)
    h = (h << 13) | (h >>> 19)
  }
  let a = h >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
