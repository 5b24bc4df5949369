import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, test } from 'node:test'
import { articleListQuery } from '../../console/src/pages/articles/articleList'
import { menuRoutes } from '../../console/src/layout/menu'
import type { ConsolePage } from '../../console/src/pages/types'
import { ApiError } from '../../console/src/services/api'
import { developerTextIn, isDeveloperText } from '../../console/src/services/devText'
import { fieldErrorsOf, friendlyMessage } from '../../console/src/services/errors'
import { tokenColor } from '../../console/src/services/tokens'

const validation = (details: unknown[]) => new ApiError(400, 'VALIDATION_FAILED', '请求参数不正确：body.title 请填写标题', details)

describe('console error messages', () => {
  test('field errors take the field from the new shape ({ in, field }) and the older one ({ path })', () => {
    const err = validation([
      { in: 'body', field: 'options.0.text', message: '请填写选项' },
      { path: 'body.title', message: '请填写标题' },
    ])
    assert.deepEqual(fieldErrorsOf(err), [
      { name: ['options', 0, 'text'], message: '请填写选项' },
      { name: ['title'], message: '请填写标题' },
    ])
  })

  test("the validator's English never reaches a field: a Chinese sentence stands in", () => {
    const err = validation([{ in: 'body', field: 'title', message: 'Too small: expected string to have >=1 characters' }])
    assert.deepEqual(fieldErrorsOf(err), [{ name: ['title'], message: '此项填写不正确' }])
  })

  test('a validation failure reads as its field messages, never the schema path of the server message', () => {
    const message = friendlyMessage(validation([{ path: 'params.id', message: '编号格式不正确' }]))
    assert.equal(message, '编号格式不正确')
    assert.deepEqual(developerTextIn(message), [])
  })

  test('other failures: the server sentence when it is Chinese, a generic Chinese one otherwise', () => {
    assert.equal(friendlyMessage(new ApiError(401, 'BAD_CREDENTIALS', '用户名或密码错误')), '用户名或密码错误')
    assert.equal(friendlyMessage(new ApiError(401, 'UNAUTHORIZED', '')), '登录已失效，请重新登录')
    assert.equal(friendlyMessage(new ApiError(409, 'CONFLICT', 'state verifying → closed not allowed')), '操作没有成功，请稍后重试')
    assert.equal(friendlyMessage(new ApiError(404, 'NOT_FOUND', 'Not Found')), '要找的内容不存在或已被删除')
    assert.equal(friendlyMessage(new ApiError(500, 'INTERNAL', '服务器内部错误')), '服务器暂时出错，请稍后重试')
    assert.equal(friendlyMessage(new ApiError(0, 'NETWORK', '')), '网络连接失败，请检查网络后重试')
    assert.equal(friendlyMessage(new TypeError('x is undefined')), '页面出错了，请刷新后重试')
  })

  test('developer text: schema paths, state ids, raw ids and English validator text are found; Chinese copy is not', () => {
    assert.deepEqual(
      developerTextIn('body.title 请填写标题').map((f) => f.name),
      ['schema path'],
    )
    assert.deepEqual(
      developerTextIn('verifying → closed').map((f) => f.name),
      ['state id transition'],
    )
    assert.deepEqual(
      developerTextIn('部门 65a1b2c3d4e5f6a7b8c9d0e1').map((f) => f.name),
      ['raw id'],
    )
    assert.deepEqual(
      developerTextIn('Invalid input: expected string').map((f) => f.name),
      ['English validator text'],
    )
    assert.deepEqual(developerTextIn('已受理 → 核查中；知晓率 45.0%（2026-11）'), [])
    assert.equal(isDeveloperText('Request failed'), true)
    assert.equal(isDeveloperText('请选择类别'), false)
  })
})

describe('console menu', () => {
  const page = (path: string, name: string, extra: Partial<ConsolePage> = {}): ConsolePage => ({ path, name, component: null as never, ...extra })
  const pages = [
    page('/', '首页'),
    page('/articles', '文章管理', { ability: 'article.publish' }),
    page('/articles/:id', '编辑文章', { ability: 'article.publish', hideInMenu: true, parent: '/articles' }),
    page('/departments', '部门数据', { ability: ['metrics.read', 'metrics.readDepartment'] }),
  ]

  test('shows the pages whose ability the admin holds, editors nested under their list for the breadcrumb', () => {
    const held = new Set(['article.publish'])
    const can = (a: ConsolePage['ability']) => a === undefined || (typeof a === 'string' ? held.has(a) : a.some((x) => held.has(x)))
    assert.deepEqual(menuRoutes(pages, can), [
      { path: '/', name: '首页', icon: undefined, hideInMenu: undefined },
      { path: '/articles', name: '文章管理', icon: undefined, hideInMenu: undefined, routes: [{ path: '/articles/:id', name: '编辑文章', icon: undefined, hideInMenu: true }] },
    ])
  })

  test('any one of several abilities opens a page', () => {
    const can = (a: ConsolePage['ability']) => a === undefined || (Array.isArray(a) && a.includes('metrics.readDepartment'))
    assert.deepEqual(
      menuRoutes(pages, can).map((r) => r.path),
      ['/', '/departments'],
    )
  })
})

test('the article table asks the server for its page, search, status filter and sort', () => {
  assert.deepEqual(articleListQuery({ current: 3, pageSize: 20, title: ' 校园贷 ', status: 'published' }, { publishedAt: 'ascend' }), {
    page: 3,
    pageSize: 20,
    q: '校园贷',
    status: 'published',
    sort: 'publishedAt',
    order: 'asc',
  })
  assert.deepEqual(articleListQuery({}, { updatedAt: null }), { page: 1, pageSize: 10 })
  // A column the server cannot sort by, or an unknown status, is not sent.
  assert.deepEqual(articleListQuery({ status: 'deleted' }, { required: 'descend' }), { page: 1, pageSize: 10 })
})

test("the console's colours are read from the design tokens", () => {
  const css = fs.readFileSync(path.resolve(__dirname, '../../src/styles/tokens.css'), 'utf8')
  assert.match(tokenColor(css, 'color-brand'), /^#[0-9a-f]{3,6}$/i)
  assert.throws(() => tokenColor(css, 'color-nope'), /missing/)
})

test('a server error on a list item lands on the nearest field the form has', async () => {
  const { nearestField } = await import('../../console/src/services/forms')
  const registered = new Set(['title', 'tags', 'options.0.text'])
  assert.deepEqual(nearestField(['tags', 3], registered), ['tags'])
  assert.deepEqual(nearestField(['options', 0, 'text'], registered), ['options', 0, 'text'])
  assert.equal(nearestField(['campaignId'], registered), null)
})
