import assert from 'node:assert/strict'
import { test } from 'node:test'
import { consoleUrl, mobileSections, remindConfirmation } from '../../src/services/mobile-admin'

test('the console address is the API origin in the mini-program and the page origin in H5', () => {
  assert.equal(consoleUrl('https://campaign.example.edu.cn', null), 'https://campaign.example.edu.cn/admin/')
  assert.equal(consoleUrl('https://campaign.example.edu.cn/', 'http://ignored'), 'https://campaign.example.edu.cn/admin/')
  assert.equal(consoleUrl('', 'http://localhost:3000'), 'http://localhost:3000/admin/')
})

test('each role sees only what the phone serves, and is pointed to the console for the rest', () => {
  const deptHead = mobileSections(['metrics.readDepartment'], 'd1')
  assert.deepEqual(deptHead, { department: true, newTips: false, console: false })
  assert.equal(mobileSections(['metrics.readDepartment'], null).department, false, 'no department, no 本部门')
  const officer = mobileSections(['tip.statistics', 'tip.read', 'tip.transition', 'tip.handle', 'roleGrant.confirm', 'accountAudit.read'], null)
  assert.equal(officer.newTips, true)
  assert.equal(officer.console, true, 'handling tips is console work')
  const publicity = mobileSections(['article.publish', 'metrics.read', 'metrics.readDepartment', 'tip.statistics'], null)
  assert.deepEqual(publicity, { department: false, newTips: false, console: true })
})

test('the reminder confirmation names how many people get a message', () => {
  assert.match(remindConfirmation(37).content, /37 名/)
})
