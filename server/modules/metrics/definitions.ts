/**
 * The metric definitions of DESIGN.md §4, in one place.
 *
 * - Roster: active people of the audience roster (inactive people and readers who never
 *   bound to a roster entry are in no numerator and no denominator).
 * - Reached (触达): opened at least one item of the campaign.
 * - Read-through (阅读完成): completed every required item of the campaign. A campaign
 *   with no required items has nobody read-through (awareness then comes from quizzes).
 * - Quiz passed: at least one exam attempt at or above the pass mark.
 * - Aware (知晓): read-through or quiz passed.
 * - Participating (参与): at least one completed item or one submitted quiz attempt in the period.
 * Every rate is count ÷ roster, rounded to 4 decimal places (0 when the roster is empty).
 */
export interface PersonFacts {
  personId: string
  departmentId: string
  className: string | null
  opened: boolean
  completed: ReadonlySet<string>
  quizPassed: boolean
}

export interface Counts {
  roster: number
  reached: number
  readThrough: number
  quizPassed: number
  aware: number
  participating: number
}

export interface Rates {
  reachRate: number
  readThroughRate: number
  quizPassRate: number
  awarenessRate: number
  participationRate: number
}

export type Tally = Counts & Rates

export function rate(count: number, roster: number): number {
  return roster ? Math.round((count / roster) * 10000) / 10000 : 0
}

export function classify(p: PersonFacts, requiredKeys: readonly string[], participants: ReadonlySet<string>) {
  const readThrough = requiredKeys.length > 0 && requiredKeys.every((k) => p.completed.has(k))
  return {
    reached: p.opened,
    readThrough,
    quizPassed: p.quizPassed,
    aware: readThrough || p.quizPassed,
    participating: participants.has(p.personId),
  }
}

export function tally(people: readonly PersonFacts[], requiredKeys: readonly string[], participants: ReadonlySet<string>): Tally {
  const c: Counts = { roster: people.length, reached: 0, readThrough: 0, quizPassed: 0, aware: 0, participating: 0 }
  for (const p of people) {
    const k = classify(p, requiredKeys, participants)
    if (k.reached) c.reached++
    if (k.readThrough) c.readThrough++
    if (k.quizPassed) c.quizPassed++
    if (k.aware) c.aware++
    if (k.participating) c.participating++
  }
  return {
    ...c,
    reachRate: rate(c.reached, c.roster),
    readThroughRate: rate(c.readThrough, c.roster),
    quizPassRate: rate(c.quizPassed, c.roster),
    awarenessRate: rate(c.aware, c.roster),
    participationRate: rate(c.participating, c.roster),
  }
}

export function tallyBy(people: readonly PersonFacts[], key: (p: PersonFacts) => string, requiredKeys: readonly string[], participants: ReadonlySet<string>): Map<string, Tally> {
  const groups = new Map<string, PersonFacts[]>()
  for (const p of people) {
    const k = key(p)
    if (!groups.has(k)) groups.set(k, [])
    groups.get(k)!.push(p)
  }
  return new Map([...groups].map(([k, list]) => [k, tally(list, requiredKeys, participants)]))
}

/** 发而未看: roster people who have not completed every required item. */
export function notThrough(people: readonly PersonFacts[], requiredKeys: readonly string[]): PersonFacts[] {
  return people.filter((p) => !requiredKeys.every((k) => p.completed.has(k)))
}

/** Ranking by awareness rate, then participation rate (rates, so size does not decide). */
export function rankDepartments<T extends { awarenessRate: number; participationRate: number }>(rows: T[]): (T & { rank: number })[] {
  return [...rows]
    .sort((a, b) => b.awarenessRate - a.awarenessRate || b.participationRate - a.participationRate)
    .map((r, i) => ({ ...r, rank: i + 1 }))
}
