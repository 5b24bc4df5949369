import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { Question } from '../../server/modules/handbook/model'
import { seedConstructedBank } from '../helpers/bank'
import { useTestServer } from '../helpers/server'

let admin: string
const t = useTestServer({}, async () => {
  await seedConstructedBank(1, 4)
  admin = (await t.signInAdmin('publicity_admin')).token
})

const HEADER = ['章节', '题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '答案', '解析', '依据', '难度', '标签']

async function xlsx(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('题库')
  ws.addRow(HEADER)
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function upload(data: Buffer, filename: string, acceptGoodRows = false) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(data)]), filename)
  if (acceptGoodRows) form.append('acceptGoodRows', 'true')
  return t.api('post', '/api/admin/handbook/import', { token: admin, rawBody: form })
}

const good = (stem: string): (string | number)[] => ['测试章节1', '单选', stem, '甲', '乙', '丙', '丁', '', '', 'C', '因为丙', '某法第一条', 2, '标签一，标签二']

describe('question bank import', () => {
  test('a file with bad rows reports each bad row with its reason and imports nothing', async () => {
    const before = await Question.countDocuments()
    const file = await xlsx([
      good('导入的好题一'),
      ['不存在的章节', '单选', '坏题：章节不对', '甲', '乙', '', '', '', '', 'A', '解析', '依据', 1, ''],
      ['测试章节1', '多选', '坏题：多选只有一个答案', '甲', '乙', '丙', '', '', '', 'B', '解析', '依据', 2, ''],
      ['测试章节1', '判断', '坏题：判断没有解析', '', '', '', '', '', '', '正确', '', '依据', 1, ''],
      ['测试章节1', '单选', '坏题：答案超出选项', '甲', '乙', '', '', '', '', 'E', '解析', '依据', 1, ''],
      good('导入的好题一'),
      ['测试章节1', '问答', '坏题：题型不对', '甲', '乙', '', '', '', '', 'A', '解析', '依据', 1, ''],
    ])
    const res = await upload(file, 'bank.xlsx')
    assert.equal(res.status, 422)
    assert.equal(res.body.error.code, 'IMPORT_HAS_ERRORS')
    const errors = res.body.error.details.errors
    assert.deepEqual(
      errors.map((e: any) => e.row),
      [3, 4, 5, 6, 7, 8],
    )
    assert.match(errors[0].reasons.join(), /章节“不存在的章节”不存在/)
    assert.match(errors[1].reasons.join(), /多选题至少两个答案/)
    assert.match(errors[2].reasons.join(), /缺少解析/)
    assert.match(errors[3].reasons.join(), /答案不在选项范围内/)
    assert.match(errors[4].reasons.join(), /文件内题干重复/)
    assert.match(errors[5].reasons.join(), /题型“问答”无效/)
    assert.equal(await Question.countDocuments(), before)

    const accepted = await upload(file, 'bank.xlsx', true)
    assert.equal(accepted.status, 200)
    assert.equal(accepted.body.report.imported, 1)
    const q = await Question.findOne({ stem: '导入的好题一' }).lean()
    assert.deepEqual(q!.answer, ['c'])
    assert.deepEqual(q!.tags, ['标签一', '标签二'])
    assert.equal(await Question.countDocuments(), before + 1)
  })

  test('CSV in the same columns works, and the export round-trips through the template format', async () => {
    const csv = `${HEADER.join(',')}\n测试章节1,多选,CSV导入的多选题,甲,乙,丙,丁,,,AD,解析,依据,3,\n测试章节1,判断,CSV导入的判断题,,,,,,,错误,解析,依据,1,\n`
    const res = await upload(Buffer.from(csv, 'utf8'), 'bank.csv')
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.equal(res.body.report.imported, 2)
    assert.deepEqual((await Question.findOne({ stem: 'CSV导入的多选题' }).lean())!.answer, ['a', 'd'])
    assert.deepEqual((await Question.findOne({ stem: 'CSV导入的判断题' }).lean())!.answer, ['b'])

    const exported = await fetch(`${t.url}/api/admin/handbook/export.xlsx`, { headers: { authorization: `Bearer ${admin}` } })
    assert.equal(exported.status, 200, await exported.clone().text())
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await exported.arrayBuffer())
    const rows: string[][] = []
    wb.worksheets[0].eachRow((r, n) => n > 1 && rows.push((r.values as string[]).slice(1)))
    const multi = rows.find((r) => r[2] === 'CSV导入的多选题')!
    assert.equal(multi[9], 'AD')
    assert.equal(rows.length, await Question.countDocuments({ active: true }), 'the export lists the active bank')
    // Importing the export again: every row is a duplicate, reported, nothing imported.
    const again = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'again.xlsx')
    assert.equal(again.status, 422)
    assert.ok(again.body.error.details.errors.every((e: any) => e.reasons.includes('题库中已有相同题干')))

    const json = await t.api('get', '/api/admin/handbook/export.json', { token: admin })
    assert.ok(json.body.chapters.flatMap((c: any) => c.questions).some((q: any) => q.stem === 'CSV导入的判断题' && q.answer[0] === 1))
  })

  test('rich-text, formula and link cells are read as their text; a difficulty that is not 1–3 is a row error', async () => {
    const richStem = { richText: [{ text: '富文本' }, { font: { bold: true }, text: '题干' }, { text: '：哪个对？' }] }
    const file = await xlsx([
      [
        '测试章节1',
        '单选',
        richStem,
        { formula: '"选项"&"一"', result: '选项一' },
        { text: '选项二', hyperlink: 'https://example.org' },
        '选项三',
        '',
        '',
        '',
        { formula: 'CHAR(65)', result: 'A' },
        { richText: [{ text: '解析文字' }] },
        '依据',
        { formula: '1+1', result: 2 },
        '',
      ],
      ['测试章节1', '单选', '难度写成文字的题', '甲', '乙', '', '', '', '', 'A', '解析', '依据', '中等', ''],
      ['测试章节1', '单选', '难度超出范围的题', '甲', '乙', '', '', '', '', 'A', '解析', '依据', 5, ''],
      ['测试章节1', '单选', '难度留空的题', '甲', '乙', '', '', '', '', 'B', '解析', '依据', '', ''],
    ])
    const res = await upload(file, 'rich.xlsx')
    assert.equal(res.status, 422)
    assert.deepEqual(
      res.body.error.details.errors.map((e: any) => [e.row, e.reasons]),
      [
        [3, ['难度须为 1、2 或 3']],
        [4, ['难度须为 1、2 或 3']],
      ],
    )
    const accepted = await upload(file, 'rich.xlsx', true)
    assert.equal(accepted.body.report.imported, 2)
    const q = (await Question.findOne({ stem: '富文本题干：哪个对？' }).lean())!
    assert.ok(q, 'the stem is the rich text joined')
    assert.deepEqual(
      q.options.map((o) => o.text),
      ['选项一', '选项二', '选项三'],
    )
    assert.deepEqual([q.answer, q.explanation, q.difficulty], [['a'], '解析文字', 2])
    assert.equal((await Question.findOne({ stem: '难度留空的题' }).lean())!.difficulty, 2)
    assert.equal(await Question.countDocuments({ $or: [{ stem: /object Object/ }, { explanation: /object Object/ }, { 'options.text': /object Object/ }] }), 0)
  })

  test('an import that fails part-way (a question with the same stem added concurrently) leaves nothing behind', async () => {
    // Two imports at once that both pass validation and share one stem: A has it first, B last.
    const a = await xlsx([good('并发共享的题'), ...Array.from({ length: 5 }, (_, i) => good(`并发导入甲${i}`))])
    const b = await xlsx([...Array.from({ length: 20 }, (_, i) => good(`并发导入乙${i}`)), good('并发共享的题')])
    const [ra, rb] = await Promise.all([upload(a, 'a.xlsx'), upload(b, 'b.xlsx')])
    // Usually both pass validation and B's insert fails at its last row (409); if one import
    // happens to finish before the other validates, validation reports the duplicate (422).
    const statuses = [ra.status, rb.status].sort()
    assert.ok(statuses[0] === 200 && [409, 422].includes(statuses[1]), JSON.stringify([ra.body, rb.body]))
    const failed = ra.status === 200 ? '乙' : '甲'
    assert.match((ra.status === 200 ? rb : ra).body.error.message, /没有导入任何题目|未导入任何题目/)
    assert.equal(await Question.countDocuments({ stem: new RegExp(`^并发导入${failed}`) }), 0, 'the failed import left none of its rows')
    assert.equal(await Question.countDocuments({ stem: new RegExp(`^并发导入${failed === '甲' ? '乙' : '甲'}`) }), failed === '甲' ? 20 : 5)
    assert.equal(await Question.countDocuments({ stem: '并发共享的题' }), 1)
  })

  test('a file that is not a spreadsheet, or lacks the template header, is refused clearly', async () => {
    const bad = await upload(Buffer.from('definitely not xlsx'), 'bank.xlsx')
    assert.equal(bad.status, 400)
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('x').addRow(['题目', '答案'])
    const noHeader = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'x.xlsx')
    assert.equal(noHeader.status, 400)
    assert.equal(noHeader.body.error.code, 'BAD_HEADER')
    const reader = await t.signInReader()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await xlsx([good('x')]))]), 'b.xlsx')
    assert.equal((await t.api('post', '/api/admin/handbook/import', { token: reader.token, rawBody: form })).status, 403)
  })
})
