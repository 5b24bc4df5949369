import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { fieldErrors, formErrors, friendlyMessage, isOffline, OFFLINE_MESSAGE } from '../../src/services/errors'
import { ApiError } from '../../src/services/request'

const validation = (details: unknown[], message = '请选择类别') => new ApiError(400, 'VALIDATION_FAILED', message, details)

describe('what the reader is told when something fails', () => {
  test("the server's Chinese sentence is shown as it is", () => {
    assert.equal(friendlyMessage(new ApiError(409, 'ALREADY_BOUND', '该学号已被其他微信绑定')), '该学号已被其他微信绑定')
  })

  test('offline: the network sentence, whatever the platform said', () => {
    assert.equal(friendlyMessage(new ApiError(0, 'NETWORK_ERROR', 'ignored')), OFFLINE_MESSAGE)
    assert.ok(isOffline({ errMsg: 'request:fail timeout' }))
    assert.equal(friendlyMessage({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' }), OFFLINE_MESSAGE)
  })

  test('English never reaches the screen: validator text, script errors and bare statuses get a Chinese sentence', () => {
    assert.equal(friendlyMessage(new ApiError(400, 'VALIDATION_FAILED', 'body.category Too small: expected string to have >=1 characters')), '出了点问题，请稍后重试')
    assert.equal(friendlyMessage(new ApiError(400, 'X', '请求参数不正确：body.category Too small')), '出了点问题，请稍后重试')
    assert.equal(friendlyMessage(new TypeError("Cannot read properties of undefined (reading 'id')")), '出了点问题，请稍后重试')
    assert.equal(friendlyMessage(new ApiError(502, 'HTTP_502', 'Bad Gateway')), '服务暂时不可用，请稍后再试')
    assert.equal(friendlyMessage(new ApiError(404, 'HTTP_404', 'Not Found')), '内容不存在或已被删除')
    assert.equal(friendlyMessage(undefined), '出了点问题，请稍后重试')
  })
})

describe('field errors from a VALIDATION_FAILED answer', () => {
  const FIELDS = { category: 'category', description: 'description', contactName: 'contact.name', images: 'attachmentIds' }

  test('each detail lands on the form field that fills it; lists count for their items', () => {
    const err = validation([
      { in: 'body', field: 'category', message: '请选择类别' },
      { in: 'body', field: 'contact.name', message: '请填写联系人' },
      { in: 'body', field: 'attachmentIds.1', message: '图片第 2 项：图片编号不正确' },
    ])
    assert.deepEqual(fieldErrors(err, FIELDS), { category: '请选择类别', contactName: '请填写联系人', images: '图片第 2 项：图片编号不正确' })
    assert.deepEqual(formErrors(err, FIELDS).form, null)
  })

  test('a problem no field shows stays in the form message; other errors give no field messages', () => {
    const err = validation([{ in: 'query', field: 'page', message: '页码须为数字' }], '页码须为数字')
    assert.deepEqual(formErrors(err, FIELDS), { fields: {}, form: '页码须为数字' })
    assert.deepEqual(fieldErrors(new ApiError(409, 'CONFLICT', '已存在'), FIELDS), {})
    assert.deepEqual(formErrors(new ApiError(0, 'NETWORK_ERROR', ''), FIELDS), { fields: {}, form: OFFLINE_MESSAGE })
  })

  test('a detail in English is not shown on the field', () => {
    const err = validation([{ in: 'body', field: 'category', message: 'Too small: expected string to have >=1 characters' }], 'x')
    assert.deepEqual(fieldErrors(err, FIELDS), {})
  })
})
