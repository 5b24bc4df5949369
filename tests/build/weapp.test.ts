/**
 * The mini-program build contract: what WeChat on students' phones needs from dist/weapp,
 * checked on a real production build (`npm run build:weapp`, built once here).
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { before, describe, test } from 'node:test'
import * as acorn from 'acorn'

const ROOT = path.resolve(__dirname, '..', '..')
const DIST = path.join(ROOT, 'dist', 'weapp')
const MAIN_PACKAGE_LIMIT = 400 * 1024
const APPID = 'wx0123456789abcdef'

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

/** `npm run build:weapp` as a release would run it; the runner's NODE_ENV=test must not leak in. */
function buildWeapp(env: Record<string, string | undefined>) {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    TARO_ENV: undefined,
    TARO_APP_ID: undefined,
    WECHAT_APPID: undefined,
    TARO_APP_API_BASE: undefined,
    ...env,
  }
  for (const k of Object.keys(childEnv)) if (childEnv[k] === undefined) delete childEnv[k]
  const started = Date.now()
  const res = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:weapp'], { cwd: ROOT, env: childEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return { status: res.status, output: `${res.stdout}\n${res.stderr}`, ms: Date.now() - started }
}

describe('production weapp build refuses an API base WeChat would refuse', () => {
  for (const base of [undefined, 'http://api.example.edu.cn']) {
    test(`TARO_APP_API_BASE=${base ?? '(unset)'} stops the build before webpack starts`, () => {
      const res = buildWeapp({ TARO_APP_API_BASE: base })
      assert.notEqual(res.status, 0, res.output)
      assert.match(res.output, /TARO_APP_API_BASE must be the https:\/\/ origin/)
      assert.doesNotMatch(res.output, /Compiled successfully/)
      assert.ok(res.ms < 60_000, `took ${res.ms} ms: the check should run before webpack`)
    })
  }
})

describe('dist/weapp (one production build)', { timeout: 900_000 }, () => {
  let all: string[] = []
  before(
    () => {
      const res = buildWeapp({ TARO_APP_API_BASE: 'https://campus.example.edu.cn/', WECHAT_APPID: APPID })
      assert.equal(res.status, 0, res.output.slice(-4000))
      all = files(DIST)
    },
    { timeout: 900_000 },
  )

  test('every emitted JS file parses as ES2017 (older iOS / Android WeChat)', () => {
    const js = all.filter((f) => f.endsWith('.js'))
    assert.ok(js.length > 10, `only ${js.length} JS files`)
    const failures: string[] = []
    for (const file of js) {
      try {
        acorn.parse(fs.readFileSync(file, 'utf8'), { ecmaVersion: 2017, sourceType: 'script' })
      } catch (err) {
        failures.push(`${path.relative(DIST, file)}: ${(err as Error).message}`)
      }
    }
    assert.deepEqual(failures, [])
    console.log(`# ${js.length} JS files parse as ES2017`)
  })

  test('no PATCH anywhere in the bundle (wx.request cannot send it)', () => {
    const offenders = all.filter((f) => /\.(js|json|wxml|wxs)$/.test(f) && fs.readFileSync(f, 'utf8').includes('PATCH'))
    assert.deepEqual(
      offenders.map((f) => path.relative(DIST, f)),
      [],
    )
  })

  test('the API base baked in is the https origin given', () => {
    const common = all
      .filter((f) => f.endsWith('.js'))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n')
    assert.ok(common.includes('https://campus.example.edu.cn'))
    assert.ok(!common.includes('http://localhost:3000'))
  })

  test('app.json has what WeChat needs', () => {
    const app = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8'))
    assert.equal(app.lazyCodeLoading, 'requiredComponents')
    assert.equal(app.__usePrivacyCheck__, true)
    assert.deepEqual(app.subPackages.map((p: { root: string }) => p.root).sort(), ['admin', 'quizzes'])
    const preloaded = Object.values(app.preloadRule as Record<string, { packages: string[] }>).flatMap((r) => r.packages)
    assert.ok(preloaded.includes('quizzes'), 'the quizzes subpackage is preloaded')
    for (const page of Object.keys(app.preloadRule)) assert.ok(app.pages.includes(page), `${page} is a main-package page`)
    assert.equal(app.tabBar.list.length, 5)
  })

  test(`main package is at most ${MAIN_PACKAGE_LIMIT / 1024} KB`, () => {
    const app = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8'))
    const roots = app.subPackages.map((p: { root: string }) => path.join(DIST, p.root) + path.sep)
    const main = all.filter((f) => !roots.some((r: string) => f.startsWith(r)) && path.basename(f) !== 'project.config.json')
    const bytes = main.reduce((sum, f) => sum + fs.statSync(f).size, 0)
    console.log(`# main package ${(bytes / 1024).toFixed(1)} KB`)
    assert.ok(bytes <= MAIN_PACKAGE_LIMIT, `main package is ${(bytes / 1024).toFixed(1)} KB`)
  })

  test('the DevTools project carries WECHAT_APPID and consistent compile flags', () => {
    const project = JSON.parse(fs.readFileSync(path.join(DIST, 'project.config.json'), 'utf8'))
    assert.equal(project.appid, APPID)
    assert.equal(project.miniprogramRoot, './')
    // Our build already emits ES2017; DevTools' upload pass goes on to ES5 and minifies.
    assert.deepEqual([project.setting.es6, project.setting.enhance, project.setting.minified], [true, true, true])
  })
})
