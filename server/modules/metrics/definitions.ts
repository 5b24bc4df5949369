/**
 * The metric definitions of DESIGN.md §4, in one place.
 *
 * - Roster: people of the audience roster as of the cut-off (inactive people and readers who
 *   never bound to a roster entry are in no numerator and no denominator).
 * - Required items of a person: published required articles whose audience is the whole
 *   roster or includes the person's department, and required handbook chapters.
 * - Reached (触达): opened at least one item of the campaign.
 * - Read-through (阅读完成): completed every item required of the person. Nobody is
 *   read-through when nothing is required of them (awareness then comes from quizzes).
 * - Quiz passed: at least one exam attempt at or above the pass mark.
 * - Aware (知晓): read-through or quiz passed.
 * - Participating (参与): at least one completed item or one submitted quiz attempt in the period.
 * Reached, read-through, quiz passed and aware are cumulative *as of the cut-off* (the end of
 * the reported month), so a month regenerated later shows the same figures.
 * Every rate is count ÷ roster, rounded to 4 decimal places (0 when the roster is empty).
 */
export interface PersonFacts {
  personId: string
  departmentId: string
  className: string | null
  opened: boolean
  completed: ReadonlySet<string>
  quizPassed: boolean
  /** Item keys required of this person (depends on their department). */
  required: readonly string[]
}

/** A required item and its audience (empty = the whole roster). */
export interface RequiredItem {
  key: string
  audienceDepartmentIds: readonly string[]
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

/** The keys required of a person of `departmentId`. */
export function requiredFor(items: readonly RequiredItem[], departmentId: string): string[] {
  return items.filter((i) => i.audienceDepartmentIds.length === 0 || i.audienceDepartmentIds.includes(departmentId)).map((i) => i.key)
}

/** The roster membership a cut-off needs: joined before it, and active or left after it. */
export interface Membership {
  active: boolean
  /** When the person was (re)added to the roster; absent on entries older than this field. */
  joinedAt?: Date | null
  /** When an import marked the person as left; absent = unknown (treated as long ago). */
  leftAt?: Date | null
}

/** On the roster at `cutoff` (exclusive); without a cut-off, the active roster now. */
export function onRosterAt(m: Membership, cutoff?: Date): boolean {
  if (!cutoff) return m.active
  if (m.joinedAt && m.joinedAt >= cutoff) return false
  return m.active || (!!m.leftAt && m.leftAt >= cutoff)
}

/** A person's campaign summary with the times that let figures be taken as of a date. */
export interface SummaryFacts {
  itemsOpened?: readonly string[] | null
  itemsCompleted?: readonly string[] | null
  quizPassed?: boolean | null
  firstOpenedAt?: Date | null
  /** Completion time per item key. */
  completedAt?: Readonly<Record<string, Date>> | null
  quizPassedAt?: Date | null
}

/**
 * What a summary says as of `cutoff` (exclusive). Summaries written before the times were
 * recorded lack them; such facts count as they are now.
 */
export function progressAsOf(s: SummaryFacts | undefined, cutoff?: Date): { opened: boolean; completed: Set<string>; quizPassed: boolean } {
  if (!s) return { opened: false, completed: new Set(), quizPassed: false }
  const before = (at: Date | null | undefined) => !cutoff || !at || at < cutoff
  const completed = new Set((s.itemsCompleted ?? []).filter((k) => before(s.completedAt?.[k])))
  return {
    opened: (s.itemsOpened?.length ?? 0) > 0 && before(s.firstOpenedAt),
    completed,
    quizPassed: !!s.quizPassed && before(s.quizPassedAt),
  }
}

export function isReadThrough(p: PersonFacts): boolean {
  return p.required.length > 0 && p.required.every((k) => p.completed.has(k))
}

export function classify(p: PersonFacts, participants: ReadonlySet<string>) {
  const readThrough = isReadThrough(p)
  return {
    reached: p.opened,
    readThrough,
    quizPassed: p.quizPassed,
    aware: readThrough || p.quizPassed,
    participating: participants.has(p.personId),
  }
}

export function tally(people: readonly PersonFacts[], participants: ReadonlySet<string>): Tally {
  const c: Counts = { roster: people.length, reached: 0, readThrough: 0, quizPassed: 0, aware: 0, participating: 0 }
  for (const p of people) {
    const k = classify(p, participants)
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

export function tallyBy(people: readonly PersonFacts[], key: (p: PersonFacts) => string, participants: ReadonlySet<string>): Map<string, Tally> {
  const groups = new Map<string, PersonFacts[]>()
  for (const p of people) {
    const k = key(p)
    if (!groups.has(k)) groups.set(k, [])
    groups.get(k)!.push(p)
  }
  return new Map([...groups].map(([k, list]) => [k, tally(list, participants)]))
}

/** 发而未看: roster people who have not completed every item required of them. */
export function notThrough(people: readonly PersonFacts[]): PersonFacts[] {
  return people.filter((p) => !p.required.every((k) => p.completed.has(k)))
}

/**
 * Ranking by awareness rate, then participation rate (rates, so size does not decide).
 * Departments with nobody on the roster are listed last without a rank; equal rates share
 * a rank (1, 1, 3).
 */
export function rankDepartments<T extends { roster: number; awarenessRate: number; participationRate: number }>(rows: T[]): (T & { rank: number | null })[] {
  const ranked = rows.filter((r) => r.roster > 0).sort((a, b) => b.awarenessRate - a.awarenessRate || b.participationRate - a.participationRate)
  const out: (T & { rank: number | null })[] = []
  ranked.forEach((r, i) => {
    const prev = out[i - 1]
    const tie = prev && prev.awarenessRate === r.awarenessRate && prev.participationRate === r.participationRate
    out.push({ ...r, rank: tie ? prev.rank : i + 1 })
  })
  return [...out, ...rows.filter((r) => r.roster === 0).map((r) => ({ ...r, rank: null }))]
}
