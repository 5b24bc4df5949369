import assert from 'node:assert/strict'
import { test } from 'node:test'
import ExcelJS from 'exceljs'
import { Person } from '../../server/modules/roster/model'
import { useTestServer } from '../helpers/server'

let admin: string
const t = useTestServer({}, async () => {
  admin = (await t.signInAdmin('publicity_admin')).token
})

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('花名册')
  ws.addRow(['学号/工号', '姓名', '类型', '部门', '班级'])
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function upload(data: Buffer, filename: string, fields: Record<string, string> = {}, token = admin) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(data)]), filename)
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  return t.api('post', '/api/admin/roster/import', { token, rawBody: form })
}

test('bad rows are reported one by one and nothing is imported unless the good rows are accepted', async () => {
  const file = await xlsx([
    ['2026001', '张一', '学生', '机电工程学院', '机电2601'],
    ['2026002', '', '学生', '机电工程学院', ''],
    ['2026003', '王三', '访客', 'C02', ''],
    ['2026004', '赵四', '学生', '不存在的学院', ''],
    ['2026001', '张一重复', '学生', 'C01', ''],
    ['T001', '钱老师', '教职工', 'O03', ''],
  ])
  const refused = await upload(file, 'roster.xlsx')
  assert.equal(refused.status, 422)
  const errors = refused.body.error.details.errors
  assert.deepEqual(
    errors.map((e: any) => e.row),
    [3, 4, 5, 6],
  )
  assert.match(errors[0].reasons.join(), /姓名/)
  assert.match(errors[1].reasons.join(), /类型“访客”无效/)
  assert.match(errors[2].reasons.join(), /部门“不存在的学院”不存在/)
  assert.match(errors[3].reasons.join(), /重复/)
  assert.equal(await Person.countDocuments(), 0)

  const accepted = await upload(file, 'roster.xlsx', { acceptGoodRows: 'true' })
  assert.equal(accepted.status, 200)
  assert.deepEqual([accepted.body.report.created, accepted.body.report.updated], [2, 0])
  const teacher = await Person.findOne({ number: 'T001' }).lean()
  assert.equal(teacher!.type, 'staff')
})

test('upsert by number; a complete roster marks people who left as inactive, keeping them', async () => {
  const csv = '学号/工号,姓名,类型,部门,班级\n2026001,张一,学生,信息工程学院,信息2601\n2026009,新同学,学生,C01,机电2602\n'
  const res = await upload(Buffer.from(csv, 'utf8'), 'roster.csv', { complete: 'true' })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  assert.deepEqual([res.body.report.created, res.body.report.updated, res.body.report.deactivated], [1, 1, 1])
  const moved = await Person.findOne({ number: '2026001' }).lean()
  assert.equal(String(moved!.departmentId), await t.departmentId('C02'))
  assert.equal(moved!.className, '信息2601')
  const left = await Person.findOne({ number: 'T001' }).lean()
  assert.equal(left!.active, false, 'kept for history, inactive')

  const list = await t.api('get', '/api/admin/roster', { token: admin })
  assert.deepEqual(list.body.people.map((p: any) => p.number).sort(), ['2026001', '2026009'])
  // An inactive person cannot bind.
  const reader = await t.signInReader()
  assert.equal((await t.api('put', '/api/me/binding', { token: reader.token, body: { number: 'T001', name: '钱老师' } })).status, 400)
})

test('an admin sees and undoes a binding; readers cannot import', async () => {
  const reader = await t.signInReader()
  await t.api('put', '/api/me/binding', { token: reader.token, body: { number: '2026009', name: '新同学' } })
  const list = await t.api('get', '/api/admin/roster?q=2026009', { token: admin })
  assert.equal(list.body.people[0].boundUser.id, reader.userId)
  const undone = await t.api('delete', `/api/admin/users/${reader.userId}/binding`, { token: admin })
  assert.equal(undone.body.user.person, null)
  assert.equal((await t.api('get', '/api/admin/roster?q=2026009', { token: admin })).body.people[0].boundUser, null)
  assert.equal((await upload(await xlsx([]), 'x.xlsx', {}, reader.token)).status, 403)
  const noHeader = await upload(Buffer.from('a,b\n1,2\n'), 'x.csv')
  assert.equal(noHeader.status, 400)
})

test('the bound filter lists only people a reader is bound to', async () => {
  const reader = await t.signInReader()
  await t.api('put', '/api/me/binding', { token: reader.token, body: { number: '2026001', name: '张一' } })
  const list = await t.api('get', '/api/admin/roster?bound=true', { token: admin })
  assert.deepEqual(
    list.body.people.map((p: any) => [p.number, p.boundUser?.id]),
    [['2026001', reader.userId]],
  )
  assert.equal(list.body.hasMore, false)
})

test('a complete roster with accepted good rows keeps people whose rows were bad (their number is in the file)', async () => {
  await upload(
    await xlsx([
      ['R001', '甲', '学生', 'C01', ''],
      ['R002', '乙', '学生', 'C01', ''],
      ['R003', '丙', '学生', 'C01', ''],
    ]),
    'r.xlsx',
  )
  const file = await xlsx([
    ['R001', '甲', '学生', 'C01', ''],
    ['R002', '乙', '访客', 'C01', ''], // bad type: R002 has not left
    ['2026001', '张一', '学生', 'C02', '信息2601'],
    ['2026009', '新同学', '学生', 'C01', '机电2602'],
  ])
  const res = await upload(file, 'r.xlsx', { acceptGoodRows: 'true', complete: 'true' })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  assert.deepEqual(
    res.body.report.errors.map((e: any) => e.row),
    [3],
  )
  assert.equal(res.body.report.deactivated, 1, 'only R003, who is not in the file')
  assert.equal((await Person.findOne({ number: 'R002' }).lean())!.active, true)
  const left = (await Person.findOne({ number: 'R003' }).lean())!
  assert.equal(left.active, false)
  assert.equal(left.leftAt?.getTime(), t.clock.now().getTime(), 'when they left, for reports of earlier months')
})

test('CSV cells are read as text: 00123 stays 00123', async () => {
  const csv = '学号/工号,姓名,类型,部门,班级\n00123,零同学,学生,C01,2026\n'
  const res = await upload(Buffer.from(csv, 'utf8'), 'zero.csv')
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const p = await Person.findOne({ number: '00123' }).lean()
  assert.ok(p, 'stored as 00123')
  assert.equal(p!.className, '2026')
  assert.equal(await Person.countDocuments({ number: '123' }), 0)
})

test('XLSX rich-text, formula, hyperlink and zero-padded number cells import as the text they show', async () => {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('花名册')
  ws.addRow(['学号/工号', '姓名', '类型', '部门', '班级'])
  const row = ws.addRow([])
  row.getCell(1).value = { formula: '"X"&"001"', result: 'X001' }
  row.getCell(2).value = { richText: [{ text: '富' }, { text: '文本', font: { bold: true } }] }
  row.getCell(3).value = { richText: [{ text: '学生' }] }
  row.getCell(4).value = { text: '机电工程学院', hyperlink: 'https://example.edu/jidian' }
  row.getCell(5).value = { text: { richText: [{ text: '机电' }, { text: '2601' }] }, hyperlink: 'https://example.edu/c' } as never
  const padded = ws.addRow([4567, '补零', '学生', 'C01', ''])
  padded.getCell(1).numFmt = '000000'
  const res = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'rich.xlsx')
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const p = (await Person.findOne({ number: 'X001' }).lean())!
  assert.deepEqual([p.name, p.type, p.className, String(p.departmentId)], ['富文本', 'student', '机电2601', await t.departmentId('C01')])
  assert.equal((await Person.findOne({ number: '004567' }).lean())?.name, '补零')
})

test('imports at the same time all succeed and create each person once', async () => {
  // Four files with the same 60 people in different orders, so the imports meet while inserting.
  const rows = Array.from({ length: 60 }, (_, i) => [`K${String(i).padStart(3, '0')}`, `并发${i}`, '学生', 'C01', ''])
  const orders = [rows, [...rows].reverse(), [...rows.slice(30), ...rows.slice(0, 30)], [...rows.slice(30).reverse(), ...rows.slice(0, 30).reverse()]]
  const files = await Promise.all(orders.map((o) => xlsx(o)))
  const results = await Promise.all(files.map((f) => upload(f, 'k.xlsx')))
  assert.deepEqual(
    results.map((r) => r.status),
    [200, 200, 200, 200],
    JSON.stringify(results.map((r) => r.body)),
  )
  assert.equal(
    results.reduce((n, r) => n + r.body.report.created, 0),
    60,
    'each person created by exactly one import',
  )
  assert.equal(await Person.countDocuments({ number: /^K\d{3}$/ }), 60)
  assert.ok((await Person.findOne({ number: 'K000' }).lean())!.joinedAt, 'joined the roster at import')
})
