import { forgetIdentities } from '../summary/service'
import type { RosterImportOut } from '../../../contract/roster'
import { AppError, badRequest, isDuplicateKeyError } from '../../errors'
import { cellText, readFirstSheet } from '../../spreadsheet'
import { Department } from '../departments/model'
import { Person } from './model'

export const ROSTER_COLUMNS = ['学号/工号', '姓名', '类型', '部门', '班级'] as const
const TYPES: Record<string, 'student' | 'staff'> = { 学生: 'student', student: 'student', 教职工: 'staff', 教师: 'staff', 职工: 'staff', staff: 'staff' }

export type RosterImportReport = RosterImportOut['report']

/**
 * The first sheet as rows of cell texts, keyed by sheet row number. Everything is read as
 * text: a CSV "00123" stays "00123" (not the number 123), and XLSX rich-text, hyperlink
 * and formula cells give the text they show.
 */
async function readRows(data: Buffer, filename: string): Promise<{ row: number; cells: string[] }[]> {
  const format = filename.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx'
  const sheet = await readFirstSheet(data, format, '无法读取文件：请使用 XLSX 或 UTF-8 编码的 CSV')
  const rows: { row: number; cells: string[] }[] = []
  sheet.eachRow((r, n) => {
    const cells: string[] = []
    r.eachCell({ includeEmpty: true }, (cell, c) => (cells[c - 1] = cellText(cell).trim()))
    rows.push({ row: n, cells: Array.from(cells, (c) => c ?? '') })
  })
  return rows
}

/**
 * Upserts people by number. Any bad row makes it a 422 listing every bad row, importing
 * nothing, unless the admin accepts the good rows. With `complete`, the file is the whole
 * roster: active people whose number is not in it become inactive (kept for history, out of
 * rates). A number that appears on a bad row counts as "in the file" too: a typo in another
 * column must not make someone leave.
 */
export async function importRoster(file: { data: Buffer; filename: string }, opts: { acceptGoodRows: boolean; complete: boolean }, at: Date): Promise<RosterImportReport> {
  const sheetRows = await readRows(file.data, file.filename)
  const header = sheetRows[0]?.row === 1 ? sheetRows[0].cells : []
  const missing = ROSTER_COLUMNS.filter((c) => c !== '班级' && !header.includes(c))
  if (missing.length) throw badRequest(`表头缺少列：${missing.join('、')}`, 'BAD_HEADER', { missing })
  const col = (name: string) => header.indexOf(name)

  const departments = await Department.find({}).lean()
  const deptByKey = new Map<string, (typeof departments)[number]>()
  for (const d of departments) {
    deptByKey.set(d.name, d)
    deptByKey.set(d.code, d)
  }

  const rows: { row: number; number: string; name: string; type: 'student' | 'staff'; departmentId: unknown; className: string | null }[] = []
  const errors: RosterImportReport['errors'] = []
  const seen = new Set<string>()
  /** Every number in the file, on good rows and bad: none of them has left. */
  const listed = new Set<string>()
  let total = 0
  for (const { row: n, cells } of sheetRows) {
    if (n === 1) continue
    const cell = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? '') : '')
    const number = cell('学号/工号')
    const name = cell('姓名')
    if (!number && !name && !cell('部门')) continue
    total++
    if (number) listed.add(number)
    const reasons: string[] = []
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(number)) reasons.push('学号/工号为空或含有非法字符')
    else if (seen.has(number)) reasons.push('文件内学号/工号重复')
    seen.add(number)
    if (!name || name.length > 64) reasons.push('姓名为空或过长')
    const type = TYPES[cell('类型')]
    if (!type) reasons.push(`类型“${cell('类型')}”无效（学生/教职工）`)
    const dept = deptByKey.get(cell('部门'))
    if (!dept) reasons.push(`部门“${cell('部门')}”不存在`)
    const className = cell('班级')
    if (className.length > 64) reasons.push('班级过长')
    if (reasons.length) errors.push({ row: n, reasons })
    else rows.push({ row: n, number, name, type: type!, departmentId: dept!._id, className: className || null })
  }
  if (total === 0) throw badRequest('文件中没有人员', 'EMPTY_FILE')
  const report: RosterImportReport = { total, valid: rows.length, errors, created: 0, updated: 0, deactivated: 0 }
  if (errors.length && !opts.acceptGoodRows) {
    throw new AppError(422, 'IMPORT_HAS_ERRORS', `${errors.length} 行有错误，未导入任何人员；可修改后重新导入，或选择只导入正确的 ${rows.length} 行`, report)
  }
  // People coming back after having left join the roster again now (for reports of past months).
  if (rows.length) await Person.updateMany({ number: { $in: rows.map((r) => r.number) }, active: false }, { $set: { joinedAt: at }, $unset: { leftAt: 1 } })
  for (const r of rows) {
    const upsert = () =>
      Person.updateOne(
        { number: r.number },
        { $set: { name: r.name, type: r.type, departmentId: r.departmentId, className: r.className, active: true }, $setOnInsert: { joinedAt: at } },
        { upsert: true },
      )
    let res
    try {
      res = await upsert()
    } catch (err) {
      // A concurrent import inserted this number first: it exists now, so update it.
      if (!isDuplicateKeyError(err)) throw err
      res = await upsert()
    }
    if (res.upsertedCount) report.created++
    else if (res.modifiedCount) report.updated++
  }
  if (opts.complete) {
    const res = await Person.updateMany({ active: true, number: { $nin: [...listed] } }, { $set: { active: false, leftAt: at } })
    report.deactivated = res.modifiedCount
  }
  forgetIdentities() // departments and classes may have moved
  return report
}
