/**
 * Error codes of the quiz API that the reader app acts on. No zod here: the app imports this
 * at run time, and the schemas would add zod to its bundle.
 */

/**
 * Why practice or review refuses (409) to judge a question now: its answer would give away one
 * the reader is being tested on (an open exam paper, the current challenge question, today's
 * daily quiz). The reader can go on with other questions meanwhile.
 */
export const ANSWER_HELD_BACK = { openExam: 'QUESTION_IN_OPEN_EXAM', challenge: 'QUESTION_IN_CHALLENGE', daily: 'QUESTION_IN_DAILY' } as const
