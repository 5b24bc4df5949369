import ExcelJS from 'exceljs'
import type { RosterQuery } from '../../../contract/roster'
import { badRequest } from '../../errors'
import { addSheet } from '../../spreadsheet'
import { Department } from '../departments/model'
import type { UploadedFile } from '../media/images'
import { markAllMetricsDirty } from '../metrics/service'
import { User } from '../users/model'
import { importRoster, ROSTER_COLUMNS } from './import'
import { Person } from './model'

/** Imports an uploaded roster file; every figure depends on the roster, so all are recomputed. */
export async function importRosterFile(files: UploadedFile[], opts: { acceptGoodRows: boolean; complete: boolean }, now: Date) {
  if (files.length !== 1) throw badRequest('没有收到文件', 'NO_FILE')
  const report = await importRoster(files[0], opts, now)
  await markAllMetricsDirty()
  return report
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** One page of the roster, each person with their department and the reader bound to them (if any). */
export async function listRoster(query: RosterQuery) {
  const filter: Record<string, unknown> = {}
  if (query.departmentId) filter.departmentId = query.departmentId
  if (query.includeInactive !== 'true') filter.active = true
  if (query.q) {
    const prefix = { $regex: `^${escapeRegex(query.q)}` }
    filter.$or = [{ number: prefix }, { name: prefix }]
  }
  if (query.bound === 'true') filter._id = { $in: await User.distinct('personId', { personId: { $ne: null } }) }
  const dir = query.order === 'desc' ? -1 : 1
  const [total, rows, departments] = await Promise.all([
    Person.countDocuments(filter),
    Person.find(filter)
      .sort(query.sort === 'number' ? { number: dir } : { [query.sort]: dir, number: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    Department.find({}, { name: 1 }).lean(),
  ])
  const deptNames = new Map(departments.map((d) => [String(d._id), d.name]))
  const users = await User.find({ personId: { $in: rows.map((p) => p._id) } }, { personId: 1, nickname: 1 }).lean()
  const bound = new Map(users.map((u) => [String(u.personId), { id: String(u._id), nickname: u.nickname }]))
  return {
    page: query.page,
    pageSize: query.pageSize,
    total,
    hasMore: query.page * query.pageSize < total,
    people: rows.map((p) => ({
      id: String(p._id),
      number: p.number,
      name: p.name,
      type: p.type,
      departmentId: String(p.departmentId),
      departmentName: deptNames.get(String(p.departmentId)) ?? '',
      className: p.className ?? null,
      active: p.active,
      boundUser: bound.get(String(p._id)) ?? null,
    })),
  }
}

/** The roster import template: the header row, one example row, and the departments to choose from. */
export async function rosterTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const departments = await Department.find({ active: true }).sort({ order: 1 }).lean()
  const ws = addSheet(
    wb,
    '花名册',
    ROSTER_COLUMNS.map((c) => ({ header: c, key: c, width: c === '部门' ? 24 : 14 })),
    [{ '学号/工号': '2024000001', 姓名: '张三', 类型: '学生', 部门: departments[0]?.name ?? '', 班级: '2024级1班' }],
  )
  // Numbers as text, so leading zeros survive Excel.
  ws.getColumn(1).numFmt = '@'
  addSheet(
    wb,
    '部门列表',
    [
      { header: '部门（填名称或代码）', key: 'name', width: 30 },
      { header: '代码', key: 'code', width: 12 },
    ],
    departments.map((d) => ({ name: d.name, code: d.code })),
  )
  addSheet(
    wb,
    '说明',
    [{ header: '填写说明', key: 'text', width: 80 }],
    [
      { text: '第一行是表头，请勿修改；从第二行起每行一人。' },
      { text: '学号/工号：字母、数字、_ 或 -，最多 32 位；同一文件内不能重复。' },
      { text: '类型：学生 或 教职工。部门：填“部门列表”中的名称或代码。班级：学生填写，可空。' },
      { text: '有任何一行出错时不会导入任何人员，页面会列出出错的行号和原因。' },
    ],
  )
  return Buffer.from(await wb.xlsx.writeBuffer())
}
