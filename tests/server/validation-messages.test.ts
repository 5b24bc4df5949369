import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { z } from 'zod'
import { fieldLabel, describeIssues } from '../../server/http/validation'
import { allRoutes } from '../../server/modules'
import { Tip } from '../../server/modules/tips/model'
import { schemaFieldPaths } from '../helpers/schema-fields'
import { useTestServer } from '../helpers/server'

/**
 * Refused input answers in Chinese a reader understands: one sentence per field, built from
 * the field's label (contract/labels.ts) and what is wrong, never a schema path or zod's English.
 */
let reader: { token: string; userId: string }
let admin: { token: string; userId: string }
const t = useTestServer({}, async () => {
  reader = await t.signInReader()
  admin = await t.signInAdmin('publicity_admin')
})

/** Latin words in a message mean a validator's English leaked through (digits and 「」 are fine). */
const ENGLISH = /[A-Za-z]{3,}/

test('every field of every route body, query and path has a Chinese label, so no message says 此项', () => {
  const unlabelled: string[] = []
  let fields = 0
  for (const r of allRoutes(t.deps)) {
    for (const part of ['body', 'query', 'params'] as const) {
      const schema = r[part]
      if (!schema) continue
      for (const path of schemaFieldPaths(schema)) {
        fields++
        const label = fieldLabel(path.split('.'), schema)
        if (!label || ENGLISH.test(label)) unlabelled.push(`${r.method.toUpperCase()} ${r.path} ${part}.${path}`)
      }
    }
  }
  assert.ok(fields > 100, `only ${fields} fields walked`)
  assert.deepEqual(unlabelled, [], 'add these to FIELD_LABELS in contract/labels.ts (or .meta({ title }) on the schema)')
})

describe('the answer to refused input', () => {
  test('a tip without a category: 请选择类别 on the category field, nothing stored', async () => {
    const before = await Tip.countDocuments()
    const res = await t.api('post', '/api/tips', { token: reader.token, body: { description: '有人在宿舍楼里放高利贷，逾期就上门威胁' } })
    assert.equal(res.status, 400)
    assert.deepEqual(res.body, {
      error: { code: 'VALIDATION_FAILED', message: '请选择类别', details: [{ in: 'body', field: 'category', message: '请选择类别' }] },
    })
    const empty = await t.api('post', '/api/tips', { token: reader.token, body: { category: '', description: '有人在宿舍楼里放高利贷，逾期就上门威胁' } })
    assert.equal(empty.body.error.message, '请选择类别')
    assert.equal(await Tip.countDocuments(), before)
  })

  test('several problems: each field its own sentence, the summary counts them; schema messages in Chinese are kept', async () => {
    const res = await t.api('post', '/api/tips', {
      token: reader.token,
      body: { category: 'x'.repeat(40), description: '太短', anonymous: false, contact: { name: '', phone: '1' } },
    })
    assert.equal(res.status, 400)
    const byField = Object.fromEntries(res.body.error.details.map((d: { field: string; message: string }) => [d.field, d.message]))
    assert.deepEqual(byField, {
      category: '类别最多 32 个字',
      description: '请至少用 10 个字描述发生了什么',
      'contact.name': '请填写联系人',
      'contact.phone': '请填写联系方式',
    })
    assert.equal(res.body.error.message, '类别最多 32 个字（等 4 处问题）')
  })

  test('an unknown field is refused without naming it in English', async () => {
    const res = await t.api('post', '/api/tips', { token: reader.token, body: { category: 'loan', description: '有人在宿舍楼里放高利贷，逾期就上门威胁', secretAgent: 1 } })
    assert.equal(res.status, 400)
    assert.deepEqual(res.body.error.details, [{ in: 'body', field: 'secretAgent', message: '提交的内容含有无法识别的项' }])
  })

  test('query and path parameters: 页码须为数字, 编号格式不正确', async () => {
    const page = await t.api('get', '/api/articles?page=abc', { token: reader.token })
    assert.equal(page.status, 400)
    assert.deepEqual(page.body.error.details, [{ in: 'query', field: 'page', message: '页码须为数字' }])
    const id = await t.api('get', '/api/articles/not-an-id', { token: reader.token })
    assert.equal(id.status, 400)
    assert.deepEqual(id.body.error.details, [{ in: 'params', field: 'id', message: '编号格式不正确' }])
  })

  test('a field named differently on one route uses its own title: 请填写查询码', async () => {
    const res = await t.api('post', '/api/tips/track', { token: reader.token, body: { code: '', secret: 'abc' } })
    assert.equal(res.status, 400)
    assert.deepEqual(res.body.error.details, [{ in: 'body', field: 'code', message: '请填写查询码' }])
  })

  test('console forms: 请填写标题, 标题最多 100 个字', async () => {
    const missing = await t.api('post', '/api/admin/articles', { token: admin.token, body: { title: '', bodyMarkdown: '正文' } })
    assert.equal(missing.status, 400)
    assert.equal(missing.body.error.details.find((d: { field: string }) => d.field === 'title')?.message, '请填写标题')
    const long = await t.api('post', '/api/admin/articles', { token: admin.token, body: { title: '长'.repeat(101), bodyMarkdown: '正文' } })
    assert.equal(long.body.error.details.find((d: { field: string }) => d.field === 'title')?.message, '标题最多 100 个字')
    for (const d of [...missing.body.error.details, ...long.body.error.details]) assert.doesNotMatch(d.message, ENGLISH, JSON.stringify(d))
  })
})

describe('describeIssues', () => {
  const schema = z
    .object({
      title: z.string().min(1).max(10),
      blueprint: z.array(z.object({ count: z.number().int().min(1).max(50), type: z.enum(['single', 'multi']) }).strict()).min(1),
      passMark: z.coerce.number().min(0).max(100),
    })
    .strict()
  const describe = (input: unknown) => {
    const result = schema.safeParse(input)
    assert.equal(result.success, false)
    return describeIssues(result.error!.issues, 'body', input, schema)
  }

  test('items of a list say which one: 抽题规则第 2 项：题数不能大于 50', () => {
    const details = describe({
      title: '期末',
      passMark: 60,
      blueprint: [
        { count: 1, type: 'single' },
        { count: 51, type: 'single' },
      ],
    })
    assert.deepEqual(details, [{ in: 'body', field: 'blueprint.1.count', message: '抽题规则第 2 项：题数不能大于 50' }])
  })

  test('missing, wrong type, wrong choice and out of range each read naturally', () => {
    const details = describe({ blueprint: [{ count: 'x', type: 'essay' }], passMark: 101 })
    assert.deepEqual(
      details.map((d) => [d.field, d.message]),
      [
        ['title', '请填写标题'],
        ['blueprint.0.count', '抽题规则第 1 项：题数须为数字'],
        ['blueprint.0.type', '抽题规则第 1 项：请选择有效的题型'],
        ['passMark', '及格分不能大于 100'],
      ],
    )
    assert.deepEqual(
      describe({ title: '', blueprint: [], passMark: 0 }).map((d) => d.message),
      ['请填写标题', '请添加抽题规则'],
    )
    assert.deepEqual(
      describe({ title: '一二三四五六七八九十一', blueprint: [{ count: 1 }], passMark: 0 }).map((d) => d.message),
      ['标题最多 10 个字', '抽题规则第 1 项：请选择题型'],
    )
  })
})
