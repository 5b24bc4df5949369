import type { ImportReportOut } from '../../../contract/handbook'
import ExcelJS from 'exceljs'
import { Types } from 'mongoose'
import { AppError, badRequest, conflict, isDuplicateKeyError } from '../../errors'
import { cellText, readFirstSheet } from '../../spreadsheet'
import { toStoredOptions, validateQuestion } from './bank'
import type { QuestionType, SeedQuestion } from './content/types'
import { Chapter, Question } from './model'
import { refreshReadingTime } from './service'

/** Column order of the XLSX template, the CSV and the Excel export. */
export const COLUMNS = ['章节', '题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '答案', '解析', '依据', '难度', '标签'] as const

const TYPE_BY_NAME: Record<string, QuestionType> = { 单选: 'single', 单选题: 'single', 多选: 'multiple', 多选题: 'multiple', 判断: 'truefalse', 判断题: 'truefalse' }
const TYPE_NAME: Record<QuestionType, string> = { single: '单选', multiple: '多选', truefalse: '判断' }

export type ImportReport = ImportReportOut['report']

type Row = Record<(typeof COLUMNS)[number], string>

async function readRows(buffer: Buffer, format: 'xlsx' | 'csv'): Promise<Row[]> {
  const sheet = await readFirstSheet(buffer, format, '无法读取文件：请使用模板中的 XLSX 或 UTF-8 编码的 CSV')
  const header: string[] = []
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (header[col] = cellText(cell).trim()))
  const missing = COLUMNS.filter((c) => !header.includes(c) && !c.startsWith('选项E') && !c.startsWith('选项F'))
  if (missing.length) throw badRequest(`表头缺少列：${missing.join('、')}（请使用导入模板）`, 'BAD_HEADER', { missing })
  const rows: Row[] = []
  sheet.eachRow((row, n) => {
    if (n === 1) return
    const record = Object.fromEntries(COLUMNS.map((c) => [c, header.includes(c) ? cellText(row.getCell(header.indexOf(c))).trim() : ''])) as Row
    if (Object.values(record).some((v) => v)) rows.push(Object.assign(record, { __row: n }))
  })
  return rows
}

function parseAnswer(raw: string, type: QuestionType): number[] {
  const text = raw.replace(/[\s,，、]/g, '').toUpperCase()
  if (type === 'truefalse') return text === '正确' || text === '对' || text === 'A' ? [0] : text === '错误' || text === '错' || text === 'B' ? [1] : []
  return [...text].map((ch) => ch.charCodeAt(0) - 65)
}

/**
 * Validates every row first. Any bad row makes the whole import a 422 with every bad row and
 * its reasons, importing nothing — unless the admin accepts the good rows. The good rows are
 * then inserted in one ordered insertMany; FerretDB has no transactions, so if an insert
 * fails part-way (a question with the same stem added concurrently) the rows this import
 * inserted are deleted again and nothing is left behind.
 */
export async function importQuestions(campaignId: Types.ObjectId | string, file: { data: Buffer; filename: string }, acceptGoodRows: boolean): Promise<ImportReport> {
  const format = file.filename.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx'
  const rows = await readRows(file.data, format)
  if (rows.length === 0) throw badRequest('文件中没有题目', 'EMPTY_FILE')
  if (rows.length > 2000) throw badRequest('一次最多导入 2000 题', 'TOO_MANY_ROWS')

  const chapters = await Chapter.find({ campaignId }).lean()
  const chapterByName = new Map<string, (typeof chapters)[number]>()
  for (const c of chapters) {
    chapterByName.set(c.title, c)
    chapterByName.set(c.key, c)
  }
  const existingStems = new Set((await Question.find({ campaignId }, { stem: 1 }).lean()).map((q) => q.stem))
  const seenStems = new Set<string>()

  const good: { chapterId: Types.ObjectId; question: SeedQuestion }[] = []
  const errors: ImportReport['errors'] = []
  for (const row of rows) {
    const reasons: string[] = []
    const chapter = chapterByName.get(row['章节'])
    if (!chapter) reasons.push(`章节“${row['章节']}”不存在`)
    const type = TYPE_BY_NAME[row['题型']]
    if (!type) reasons.push(`题型“${row['题型']}”无效（单选/多选/判断）`)
    const options = type === 'truefalse' ? ['正确', '错误'] : (['选项A', '选项B', '选项C', '选项D', '选项E', '选项F'] as const).map((c) => row[c]).filter(Boolean)
    const question: SeedQuestion = {
      type: type ?? 'single',
      stem: row['题干'],
      options,
      answer: type ? parseAnswer(row['答案'], type) : [],
      explanation: row['解析'],
      basis: row['依据'],
      // Empty = 2 (the template's default); anything else must be 1, 2 or 3 (validateQuestion says so).
      difficulty: (row['难度'] === '' ? 2 : Number(row['难度'])) as 1 | 2 | 3,
      tags: row['标签']
        ? row['标签']
            .split(/[,，、]/)
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    }
    if (type) reasons.push(...validateQuestion(question))
    if (existingStems.has(question.stem)) reasons.push('题库中已有相同题干')
    else if (seenStems.has(question.stem)) reasons.push('文件内题干重复')
    seenStems.add(question.stem)
    if (reasons.length) errors.push({ row: (row as unknown as { __row: number }).__row, reasons })
    else good.push({ chapterId: chapter!._id, question })
  }

  const report: ImportReport = { total: rows.length, valid: good.length, errors, imported: 0 }
  if (errors.length && !acceptGoodRows) {
    throw new AppError(422, 'IMPORT_HAS_ERRORS', `${errors.length} 行有错误，未导入任何题目；可修改后重新导入，或选择只导入正确的 ${good.length} 行`, report)
  }
  const docs = good.map(({ chapterId, question }) => ({
    _id: new Types.ObjectId(),
    campaignId,
    chapterId,
    type: question.type,
    stem: question.stem,
    ...toStoredOptions(question),
    explanation: question.explanation,
    basis: question.basis,
    difficulty: question.difficulty,
    tags: question.tags,
    order: 1000,
  }))
  try {
    await Question.insertMany(docs, { ordered: true })
  } catch (err) {
    await Question.deleteMany({ _id: { $in: docs.map((d) => d._id) } })
    if (isDuplicateKeyError(err)) throw conflict('导入时题库中同时出现了相同题干的题目，本次没有导入任何题目，请重新导入', 'IMPORT_CONFLICT')
    throw err
  }
  report.imported = docs.length
  for (const chapterId of new Set(good.map((g) => String(g.chapterId)))) await refreshReadingTime(chapterId)
  return report
}

/** The bank as an XLSX in the import format (also the empty template when there are no questions). */
export async function exportQuestionsXlsx(campaignId: Types.ObjectId | string, opts: { template?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('题库')
  ws.columns = COLUMNS.map((c) => ({ header: c, key: c, width: c === '题干' || c === '解析' ? 40 : c.startsWith('选项') ? 18 : 12 }))
  ws.getRow(1).font = { bold: true }
  const chapters = new Map((await Chapter.find({ campaignId }).lean()).map((c) => [String(c._id), c.title]))
  if (!opts.template) {
    const questions = await Question.find({ campaignId, active: true }).sort({ chapterId: 1, order: 1 }).lean()
    for (const q of questions) {
      const letters = q.answer.map((id) => String.fromCharCode(65 + q.options.findIndex((o) => o.id === id)))
      ws.addRow({
        章节: chapters.get(String(q.chapterId)) ?? '',
        题型: TYPE_NAME[q.type as QuestionType],
        题干: q.stem,
        ...(q.type === 'truefalse' ? {} : Object.fromEntries(q.options.map((o, i) => [`选项${String.fromCharCode(65 + i)}`, o.text]))),
        答案: q.type === 'truefalse' ? (q.answer[0] === 'a' ? '正确' : '错误') : letters.join(''),
        解析: q.explanation,
        依据: q.basis,
        难度: q.difficulty,
        标签: (q.tags ?? []).join('，'),
      })
    }
  } else {
    ws.addRow({
      章节: [...chapters.values()][0] ?? '第一章',
      题型: '单选',
      题干: '示例：题干写在这里',
      选项A: '选项一',
      选项B: '选项二',
      选项C: '选项三',
      选项D: '选项四',
      答案: 'B',
      解析: '为什么选 B',
      依据: '法律或文件名称',
      难度: 2,
      标签: '示例',
    })
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export async function exportQuestionsJson(campaignId: Types.ObjectId | string) {
  const chapters = await Chapter.find({ campaignId }).sort({ order: 1 }).lean()
  const questions = await Question.find({ campaignId, active: true }).sort({ order: 1 }).lean()
  return {
    chapters: chapters.map((c) => ({
      key: c.key,
      title: c.title,
      summary: c.summary ?? '',
      questions: questions
        .filter((q) => String(q.chapterId) === String(c._id))
        .map((q) => ({
          type: q.type,
          stem: q.stem,
          options: q.options.map((o) => o.text),
          answer: q.answer.map((id) => q.options.findIndex((o) => o.id === id)),
          explanation: q.explanation,
          basis: q.basis,
          difficulty: q.difficulty,
          tags: q.tags ?? [],
        })),
    })),
  }
}
