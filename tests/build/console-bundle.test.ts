/**
 * The admin console is a bundle of its own: readers' H5 app (dist/h5) carries none of its
 * libraries (antd, pro-components, ECharts, Tiptap, react-easy-crop), and the reader app's
 * sources do not import them.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { before, test } from 'node:test'
import { CONSOLE_DIST, H5_DIST, ensureConsoleBuild, ensureH5Build } from '../../server/builds'

const ROOT = path.resolve(__dirname, '..', '..')

function files(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), ext) : ext.test(e.name) ? [path.join(dir, e.name)] : []))
}

/** Strings each console library leaves in a minified bundle (class names, module names it keeps). */
const MARKERS: Record<string, RegExp> = {
  antd: /anticon|ant-pro|rc-upload-/,
  echarts: /ecModel|getZr/,
  tiptap: /ProseMirror|tiptap/,
  'react-easy-crop': /reactEasyCrop/,
}

const bundleText = (dir: string) =>
  files(dir, /\.(js|css|html)$/)
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n')

before(() => {
  ensureH5Build()
  ensureConsoleBuild()
})

test('the markers find each console library in the console bundle (so their absence below means something)', () => {
  const text = bundleText(CONSOLE_DIST)
  for (const [name, marker] of Object.entries(MARKERS)) assert.ok(marker.test(text), `${name} marker not found in dist/console`)
})

test('the reader H5 bundle contains no console library', () => {
  const text = bundleText(H5_DIST)
  for (const [name, marker] of Object.entries(MARKERS)) assert.ok(!marker.test(text), `${name} found in dist/h5`)
})

test('the reader app imports neither the console nor its libraries', () => {
  const offenders = files(path.join(ROOT, 'src'), /\.(ts|tsx)$/).filter((f) =>
    /from ['"](antd|@ant-design\/|echarts|zrender|@tiptap\/|react-easy-crop|react-router-dom|[./]+\/console\/)/.test(fs.readFileSync(f, 'utf8')),
  )
  assert.deepEqual(offenders, [])
})
