import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { AppError, badRequest } from '../../errors'
import { Department } from '../departments/model'
import { Person } from './model'

export const ROSTER_COLUMNS = ['学号/工号', '姓名', '类型', '部门', '班级'] as const
const TYPES: Record<string, 'student' | 'staff'> = { 学生: 'student', student: 'student', 教职工: 'staff', 教师: 'staff', 职工: 'staff', staff: 'staff' }

export interface RosterImportReport {
  total: number
  valid: number
  errors: { row: number; reasons: string[] }[]
  created: number
  updated: number
  deactivated: number
}

async function readSheet(data: Buffer, filename: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook()
  try {
    if (filename.toLowerCase().endsWith('.csv')) return await wb.csv.read(Readable.from(data.toString('utf8').replace(/^\uFEFF/, '')))
    await wb.xlsx.load(data as unknown as ArrayBuffer)
  } catch {
    throw badRequest('无法读取文件：请使用 XLSX 或 UTF-8 编码的 CSV', undefined, 'BAD_FILE')
  }
  if (!wb.worksheets[0]) throw badRequest('文件中没有工作表', undefined, 'BAD_FILE')
  return wb.worksheets[0]
}

/**
 * Upserts people by number. Any bad row makes it a 422 listing every bad row, importing
 * nothing, unless the admin accepts the good rows. With `complete`, the file is the whole
 * roster: active people missing from it become inactive (kept for history, out of rates).
 */
export async function importRoster(file: { data: Buffer; filename: string }, opts: { acceptGoodRows: boolean; complete: boolean }): Promise<RosterImportReport> {
  const sheet = await readSheet(file.data, file.filename)
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? '').trim())
  const missing = ROSTER_COLUMNS.filter((c) => c !== '班级' && !header.includes(c))
  if (missing.length) throw badRequest(`表头缺少列：${missing.join('、')}`, { missing }, 'BAD_HEADER')
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
  let total = 0
  sheet.eachRow((r, n) => {
    if (n === 1) return
    const cell = (name: string) => (col(name) >= 0 ? String((r.values as unknown[])[col(name) + 1] ?? '').trim() : '')
    const number = cell('学号/工号')
    const name = cell('姓名')
    if (!number && !name && !cell('部门')) return
    total++
    const reasons: string[] = []
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(number)) reasons.push('学号/工号为空或含有非法字符')
    else if (seen.has(number)) reasons.push('文件内学号/工号重复')
    seen.add(number)
    if (!name || name.length > 64) reasons.push('姓名为空或过长')
    const type = TYPES[cell('类型')]
    if (!type) reasons.push(`类型“${cell('类型')}”无效（学生/教职工）`)
    const dept = deptByKey.get(cell('部门'))
    if (!dept) reasons.push(`部门“${cell('部门')}”不存在`)
    if (reasons.length) errors.push({ row: n, reasons })
    else rows.push({ row: n, number, name, type: type!, departmentId: dept!._id, className: cell('班级') || null })
  })
  if (total === 0) throw badRequest('文件中没有人员', undefined, 'EMPTY_FILE')
  const report: RosterImportReport = { total, valid: rows.length, errors, created: 0, updated: 0, deactivated: 0 }
  if (errors.length && !opts.acceptGoodRows) {
    throw new AppError(422, 'IMPORT_HAS_ERRORS', `${errors.length} 行有错误，未导入任何人员；可修改后重新导入，或选择只导入正确的 ${rows.length} 行`, report)
  }
  for (const r of rows) {
    const res = await Person.updateOne({ number: r.number }, { $set: { name: r.name, type: r.type, departmentId: r.departmentId, className: r.className, active: true } }, { upsert: true })
    if (res.upsertedCount) report.created++
    else if (res.modifiedCount) report.updated++
  }
  if (opts.complete) {
    const res = await Person.updateMany({ active: true, number: { $nin: rows.map((r) => r.number) } }, { $set: { active: false } })
    report.deactivated = res.modifiedCount
  }
  return report
}
