import { shanghaiDay, shanghaiDayStart } from '../../clock'

/**
 * The wrong-answer book's review schedule (错题本复习规则), one rule for server, app and docs:
 *
 * - Intervals 1, 2, 4, 7, 15 days; reviews fall due at 00:00 Asia/Shanghai on the day.
 * - A wrong answer (in any mode, at any time) puts the question back at the start: review
 *   tomorrow, streak 0, not mastered.
 * - A right answer counts only at a due review: it moves the question to the next interval.
 *   Answering before the review is due is welcome as practice but changes nothing.
 * - Three right answers in a row at due reviews (after 1, 2 and 4 days) = mastered (已掌握).
 *   A mastered question still comes back for two consolidation reviews (巩固) after 7 and 15
 *   days; a mistake there starts it over, passing the 15-day review completes its schedule.
 */
export const REVIEW_INTERVAL_DAYS = [1, 2, 4, 7, 15] as const
export const MASTERED_AFTER = 3
/** Stage = how many due reviews were passed in a row; at the last stage nothing is due any more. */
export const FINAL_STAGE = REVIEW_INTERVAL_DAYS.length

export interface ReviewState {
  stage: number
  correctStreak: number
  mastered: boolean
  /** Next due review, or null once the schedule is complete. */
  nextReviewAt: Date | null
}

const DAY_MS = 24 * 3600_000

/** 00:00 Shanghai, `days` calendar days after the Shanghai day of `at` (Shanghai has no DST). */
export function reviewDay(at: Date, days: number): Date {
  return new Date(shanghaiDayStart(shanghaiDay(at)).getTime() + days * DAY_MS)
}

export function afterWrong(at: Date): ReviewState {
  return { stage: 0, correctStreak: 0, mastered: false, nextReviewAt: reviewDay(at, REVIEW_INTERVAL_DAYS[0]) }
}

export function isDue(state: Pick<ReviewState, 'nextReviewAt'>, at: Date): boolean {
  return state.nextReviewAt !== null && state.nextReviewAt <= at
}

/** A right answer: the next state, or null when it changes nothing (review not due, or schedule complete). */
export function afterRight(state: ReviewState, at: Date): ReviewState | null {
  if (!isDue(state, at)) return null
  const stage = Math.min(state.stage + 1, FINAL_STAGE)
  const correctStreak = state.correctStreak + 1
  return {
    stage,
    correctStreak,
    mastered: state.mastered || correctStreak >= MASTERED_AFTER,
    nextReviewAt: stage < FINAL_STAGE ? reviewDay(at, REVIEW_INTERVAL_DAYS[stage]) : null,
  }
}
