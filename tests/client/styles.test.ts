import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'

const SRC = path.resolve(__dirname, '../../src')
const TOKENS = path.join(SRC, 'styles/tokens.css')
const GLOBAL = new Set([TOKENS, path.join(SRC, 'app.css')])

function files(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), ext) : ext.test(e.name) ? [path.join(dir, e.name)] : []))
}
const read = (f: string) => fs.readFileSync(f, 'utf8')
/** Files that must repeat token colours: app.json cannot read CSS variables, nor can a canvas. */
const CANVAS_AND_APP_JSON = ['app.config.ts', path.join('services', 'receipt-image.ts')]
const rel = (f: string) => path.relative(SRC, f)
const COLOUR = /#[0-9a-fA-F]{3,8}\b|rgba?\(/g
const sixDigits = (hex: string) => (hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex).toLowerCase()

test('colours are written only in the tokens file', () => {
  const found = files(SRC, /\.(css|scss|tsx?)$/)
    .filter((f) => f !== TOKENS && !CANVAS_AND_APP_JSON.some((x) => f.endsWith(x)))
    .flatMap((f) => (read(f).match(COLOUR) ?? []).map((c) => `${rel(f)}: ${c}`))
  assert.deepEqual(found, [])
})

test("colours repeated where CSS variables cannot be read (app.json's tab bar, the receipt picture's canvas) are token values", () => {
  const tokenValues = new Set((read(TOKENS).match(/#[0-9a-fA-F]{3,6}\b/g) ?? []).map(sixDigits))
  for (const file of CANVAS_AND_APP_JSON) {
    const used = (read(path.join(SRC, file)).match(/#[0-9a-fA-F]{3,6}\b/g) ?? []).map(sixDigits)
    assert.ok(used.length >= 3, file)
    for (const c of used) assert.ok(tokenValues.has(c), `${file}: ${c} is not a token`)
  }
})

test('every CSS variable used is defined in the tokens file', () => {
  const defined = new Set([...read(TOKENS).matchAll(/(--[\w-]+):/g)].map((m) => m[1]))
  for (const f of files(SRC, /\.css$/)) {
    for (const m of read(f).matchAll(/var\((--[\w-]+)\)/g)) assert.ok(defined.has(m[1]), `${rel(f)} uses ${m[1]}`)
  }
})

test('a class from a non-global stylesheet is used only where that stylesheet is imported (each WeChat page gets only its own styles)', () => {
  const globalClasses = new Set([...GLOBAL].flatMap((f) => [...read(f).matchAll(/\.([a-z][\w-]*)/g)].map((m) => m[1])))
  const definedIn = new Map<string, string[]>()
  for (const f of files(SRC, /\.css$/).filter((x) => !GLOBAL.has(x))) {
    // Only the class each rule is about (the last in a selector), not the ancestors it is nested in.
    for (const m of read(f).matchAll(/([^{}]+)\{/g)) {
      for (const selector of m[1].split(',')) {
        const last = /\.([a-z][\w-]*)[^.\s]*\s*$/.exec(selector.trim())
        if (last && !globalClasses.has(last[1])) definedIn.set(last[1], [...new Set([...(definedIn.get(last[1]) ?? []), f])])
      }
    }
  }
  const tsx = files(SRC, /\.tsx$/)
  const specifiers = (f: string, ext: RegExp) =>
    [...read(f).matchAll(/from '(\.[^']+)'|import '(\.[^']+)'/g)]
      .map((m) => m[1] ?? m[2])
      .filter((x) => ext.test(x))
      .map((x) => path.resolve(path.dirname(f), x))
  const sheetsOf = (f: string) => specifiers(f, /\.css$/)
  const folderSheets = (f: string) => tsx.filter((x) => path.dirname(x) === path.dirname(f)).flatMap(sheetsOf)
  const importers = (f: string) => tsx.filter((x) => specifiers(x, /^[^.]*$|\/[^/.]+$/).includes(f.replace(/\.tsx$/, '')))
  const problems: string[] = []
  for (const f of tsx) {
    // Its own sheets and its folder's (a page styles the parts in its folder); a shared
    // component may instead be styled by every page that uses it.
    const own = new Set(folderSheets(f))
    const users = importers(f).filter((x) => path.dirname(x) !== path.dirname(f))
    const names = new Set([...read(f).matchAll(/className=\{?[`'"]([^`'"]+)/g)].flatMap((m) => m[1].split(/\s+/)))
    for (const name of names) {
      const sheets = definedIn.get(name)
      if (!sheets || sheets.some((s) => own.has(s))) continue
      if (users.length > 0 && users.every((u) => folderSheets(u).some((s) => sheets.includes(s)))) continue
      problems.push(`${rel(f)}: .${name} (in ${sheets.map(rel).join(', ')})`)
    }
  }
  assert.deepEqual(problems, [])
})
