/** WeChat runtime rules the source must follow, checked where no H5 test can see them. */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { hasStaffRole } from '../../src/services/roles'

const SRC = path.resolve(__dirname, '..', '..', 'src')
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []))

test('every Input and Textarea sets maxlength (WeChat cuts text at 140 characters otherwise)', () => {
  const missing: string[] = []
  let seen = 0
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8')
    for (const m of text.matchAll(/<(Input|Textarea)\b[^>]*?\/?>/gs)) {
      seen++
      if (!/\bmaxlength=\{\d+\}/.test(m[0])) missing.push(`${path.relative(SRC, file)}: ${m[0].slice(0, 80)}`)
    }
  }
  // A floor so a broken pattern cannot pass by finding nothing (the admin forms moved to the console).
  assert.ok(seen > 10, `found only ${seen} fields`)
  assert.deepEqual(missing, [])
})

test('no deprecated or WeChat-unsupported calls in the app (getSystemInfoSync, chooseImage, PATCH)', () => {
  const offenders = sources(SRC).filter((f) => /getSystemInfoSync|chooseImage\b|['"]PATCH['"]/.test(fs.readFileSync(f, 'utf8')))
  assert.deepEqual(
    offenders.map((f) => path.relative(SRC, f)),
    [],
  )
})

test('管理入口 is for staff roles only', () => {
  assert.equal(hasStaffRole(null), false)
  assert.equal(hasStaffRole({ roles: ['reader'] }), false)
  for (const role of ['dept_admin', 'publicity_admin', 'security_officer', 'superadmin']) assert.equal(hasStaffRole({ roles: ['reader', role] }), true, role)
})

test('privacy prompt: WeChat is told it was shown, and agreeing names the agree button', async () => {
  const { AGREE_BUTTON_ID, PrivacyPrompt } = await import('../../src/services/privacy')
  const prompt = new PrivacyPrompt()
  const shown: boolean[] = []
  prompt.subscribe((open) => shown.push(open))
  const answers: unknown[] = []
  prompt.onNeed((o) => answers.push(o))
  assert.equal(prompt.open, true)
  assert.deepEqual(answers, [{ event: 'exposureAuthorization' }])
  prompt.agree()
  assert.deepEqual(answers[1], { event: 'agree', buttonId: AGREE_BUTTON_ID })
  assert.equal(prompt.open, false)
  prompt.onNeed((o) => answers.push(o))
  prompt.disagree()
  assert.deepEqual(answers[3], { event: 'disagree' })
  assert.deepEqual(shown, [true, false, true, false])
})

test("the WeChat stand-in knows exactly the app's pages (it answers 41030 for others, as WeChat does)", async () => {
  ;(globalThis as unknown as { defineAppConfig: (c: unknown) => unknown }).defineAppConfig = (c) => c
  const appConfig = '../../src/app.config' // a Taro file (global defineAppConfig): kept out of the server type check
  const app = ((await import(appConfig)) as { default: unknown }).default as { pages: string[]; subPackages: { root: string; pages: string[] }[] }
  const { MINIPROGRAM_PAGES } = await import('../../server/wechat/standin')
  const pages = [...app.pages, ...app.subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]
  assert.deepEqual([...MINIPROGRAM_PAGES].sort(), pages.sort())
})
