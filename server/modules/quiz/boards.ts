import ExcelJS from 'exceljs'
import { Types } from 'mongoose'
import { notFound } from '../../errors'
import { addSheet } from '../../spreadsheet'
import { Department } from '../departments/model'
import { Question, type QuestionDoc } from '../handbook/model'
import { Person } from '../roster/model'
import { PersonSummary } from '../summary/model'
import { User } from '../users/model'
import { Exam, PointsEntry, QuizAttempt, WrongAnswer, type ExamDoc } from './model'
import { itemStatistics } from './stats'

/** Another reader's name as the board shows it (privacy, docs/privacy.md): 张*, 张*丰, 欧**锋. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return chars.length ? '*' : '同学'
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

const READER_BOARD_ROWS = 50

/**
 * Readers of my department ranked by lifetime study points (bound readers only). Ties share a
 * rank. Other readers' names are masked; the viewer's own row is marked and also returned as
 * `me` (so the page can pin it when it is beyond the rows listed or off screen).
 */
export async function departmentReaderBoard(departmentId: string | null, viewerId: string) {
  if (!departmentId) return { departmentId: null, departmentName: null, rows: [], me: null }
  const department = await Department.findById(departmentId, { name: 1 }).lean()
  // Readers bound to active roster people of the department; the viewer belongs here (departmentId is theirs).
  const people = await Person.find({ departmentId, active: true }, { _id: 1 }).lean()
  const members = await User.find({ personId: { $in: people.map((p) => p._id) } }, { _id: 1 }).lean()
  const userIds = [...new Set([...members.map((m) => String(m._id)), viewerId])].map((id) => new Types.ObjectId(id))
  const totals = await PointsEntry.aggregate<{ _id: Types.ObjectId; points: number }>([
    { $match: { userId: { $in: userIds } } },
    { $group: { _id: '$userId', points: { $sum: '$points' } } },
  ])
  const users = new Map((await User.find({ _id: { $in: userIds } }, { nickname: 1, personId: 1 }).lean()).map((u) => [String(u._id), u]))
  const persons = new Map((await Person.find({ _id: { $in: [...users.values()].map((u) => u.personId).filter(Boolean) } }, { name: 1 }).lean()).map((p) => [String(p._id), p.name]))
  const points = new Map(totals.map((t) => [String(t._id), t.points]))
  const sorted = userIds.map((id) => ({ id: String(id), points: points.get(String(id)) ?? 0 })).sort((a, b) => b.points - a.points)
  const ranked = sorted.map((t) => {
    const u = users.get(t.id)
    const name = (u?.personId && persons.get(String(u.personId))) || ''
    const me = t.id === viewerId
    return { rank: 1 + sorted.filter((o) => o.points > t.points).length, name: me ? name || '我' : maskName(name), points: t.points, me }
  })
  return { departmentId, departmentName: department?.name ?? null, rows: ranked.slice(0, READER_BOARD_ROWS), me: ranked.find((r) => r.me) ?? null }
}

/**
 * Departments ranked three ways that do not favour large departments: study points per person
 * on the active roster, pass rate (passed ÷ people who took a quiz) and share of the roster
 * taking part (took a quiz ÷ active roster). A department with nobody on the active roster
 * has no rate and is left out.
 */
export async function departmentBoards(campaignId: Types.ObjectId | string, myDepartmentId: string | null = null) {
  const departments = await Department.find({ active: true }).lean()
  const roster = new Map(
    (await Person.aggregate<{ _id: Types.ObjectId; n: number }>([{ $match: { active: true } }, { $group: { _id: '$departmentId', n: { $sum: 1 } } }])).map((r) => [
      String(r._id),
      r.n,
    ]),
  )
  const active = await Person.find({ active: true }, { _id: 1, departmentId: 1 }).lean()
  const activePersons = new Set(active.map((p) => String(p._id)))
  const departmentOfPerson = new Map(active.map((p) => [String(p._id), String(p.departmentId)]))
  const summaries = (await PersonSummary.find({ campaignId, personId: { $ne: null }, quizAttempts: { $gt: 0 } }, { personId: 1, departmentId: 1, quizPassed: 1 }).lean()).filter(
    (s) => activePersons.has(String(s.personId)),
  )
  // Points of every reader bound to an active roster person, by that person's department.
  const boundUsers = await User.find({ personId: { $in: active.map((p) => p._id) } }, { _id: 1, personId: 1 }).lean()
  const totals = await PointsEntry.aggregate<{ _id: Types.ObjectId; points: number }>([
    { $match: { userId: { $in: boundUsers.map((u) => u._id) } } },
    { $group: { _id: '$userId', points: { $sum: '$points' } } },
  ])
  const pointsOfUser = new Map(totals.map((t) => [String(t._id), t.points]))
  const pointsOfDepartment = new Map<string, number>()
  for (const u of boundUsers) {
    const d = departmentOfPerson.get(String(u.personId))!
    pointsOfDepartment.set(d, (pointsOfDepartment.get(d) ?? 0) + (pointsOfUser.get(String(u._id)) ?? 0))
  }
  const rows = departments
    .filter((d) => (roster.get(String(d._id)) ?? 0) > 0)
    .map((d) => {
      const mine = summaries.filter((s) => String(s.departmentId) === String(d._id))
      const takers = mine.length
      const passed = mine.filter((s) => s.quizPassed).length
      const size = roster.get(String(d._id))!
      const points = pointsOfDepartment.get(String(d._id)) ?? 0
      return {
        departmentId: String(d._id),
        name: d.name,
        roster: size,
        takers,
        passed,
        passRate: takers ? passed / takers : 0,
        participationShare: takers / size,
        points,
        pointsPerCapita: Math.round((points / size) * 100) / 100,
      }
    })
  const plain = ({ points: _p, pointsPerCapita: _c, ...row }: (typeof rows)[number]) => row
  return {
    myDepartmentId,
    byPointsPerCapita: [...rows].sort((a, b) => b.pointsPerCapita - a.pointsPerCapita || b.takers - a.takers),
    byPassRate: [...rows].sort((a, b) => b.passRate - a.passRate || b.takers - a.takers).map(plain),
    byParticipation: [...rows].sort((a, b) => b.participationShare - a.participationShare || b.takers - a.takers).map(plain),
  }
}

/**
 * Item statistics of an exam over each reader's first attempt (attempt number 1) that was
 * scored: handed in, or scored at the time or leave limit. A first attempt refused after its
 * time ran out (lateSubmission 'refuse') has no item scores; those readers are counted in
 * `refusedFirstAttempts` and left out — their second attempt is not a first attempt.
 */
export async function examStatistics(examId: string) {
  const exam = await Exam.findById(examId).lean<ExamDoc>()
  if (!exam) throw notFound('竞赛不存在', 'EXAM_NOT_FOUND')
  const attempts = await QuizAttempt.find({ examId, kind: 'exam', attemptNo: 1, status: { $in: ['submitted', 'expired'] } })
    .sort({ startedAt: 1 })
    .lean()
  const first = new Map<string, (typeof attempts)[number]>()
  for (const a of attempts) if (!first.has(String(a.userId))) first.set(String(a.userId), a)
  const scored = [...first.values()].filter((a) => a.status === 'submitted')
  const questionIds = [...new Set(scored.flatMap((a) => a.items.map((i) => String(i.questionId))))]
  const questions = await Question.find({ _id: { $in: questionIds } }).lean<QuestionDoc[]>()
  return {
    examId,
    title: exam.title,
    refusedFirstAttempts: first.size - scored.length,
    ...itemStatistics(
      questions.map((q) => ({ id: String(q._id), stem: q.stem, answer: q.answer, options: q.options.map((o) => ({ id: o.id, text: o.text })) })),
      scored.map((a) => ({ items: a.items.map((i) => ({ questionId: String(i.questionId), selected: i.selected ?? [], earned: i.earned ?? 0, points: i.points })) })),
    ),
  }
}

export async function wrongBookWorkbook(userId: string): Promise<Buffer> {
  const entries = await WrongAnswer.find({ userId }).sort({ nextReviewAt: 1 }).lean()
  const questions = new Map((await Question.find({ _id: { $in: entries.map((e) => e.questionId) } }).lean<QuestionDoc[]>()).map((q) => [String(q._id), q]))
  const rows = entries.flatMap((e) => {
    const q = questions.get(String(e.questionId))
    if (!q) return []
    const letter = (id: string) => String.fromCharCode(65 + q.options.findIndex((o) => o.id === id))
    return [
      {
        stem: q.stem,
        options: q.options.map((o, i) => `${String.fromCharCode(65 + i)}. ${o.text}`).join('\n'),
        answer: q.answer.map(letter).join(''),
        explanation: q.explanation,
        basis: q.basis,
        wrongCount: e.wrongCount,
        nextReviewAt: e.nextReviewAt,
        mastered: e.mastered ? '是' : '否',
      },
    ]
  })
  const wb = new ExcelJS.Workbook()
  const columns = [
    { header: '题干', key: 'stem', width: 50 },
    { header: '选项', key: 'options', width: 50 },
    { header: '正确答案', key: 'answer', width: 16 },
    { header: '解析', key: 'explanation', width: 50 },
    { header: '依据', key: 'basis', width: 30 },
    { header: '答错次数', key: 'wrongCount', width: 10 },
    { header: '下次复习', key: 'nextReviewAt', width: 14, numFmt: 'yyyy-mm-dd' },
    { header: '已掌握', key: 'mastered', width: 8 },
  ]
  addSheet(wb, '错题本', columns, rows)
  return Buffer.from(await wb.xlsx.writeBuffer())
}
