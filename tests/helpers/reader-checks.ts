import fs from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { DEVELOPER_TEXT_PATTERNS } from '../../console/src/services/devText'

/**
 * Checks a rendered reader page the way a phone user meets it: every tappable element at least
 * 44×44 CSS px (or a 44 px hit area around it), every piece of text readable against what is
 * behind it (WCAG contrast ≥ 4.5:1, ≥ 3:1 for text of 18 px and more), no console errors
 * (CSP violations included), and no validator English on screen. Each problem names the
 * element (tag.classes "text") so the report says what to fix.
 */
export interface Offence {
  kind: 'touch' | 'contrast' | 'english' | 'console'
  /** tag.class.class "text…": enough to find the element. */
  element: string
  detail: string
}

export const PHONE = { width: 375, height: 812 }
export const MIN_TARGET = 44

/** A 375×812 phone page that records console errors, uncaught errors and CSP violations. */
export async function newCheckedPhonePage(browser: Browser): Promise<{ context: BrowserContext; page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  const page = await context.newPage()
  const consoleErrors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text())
  })
  page.on('pageerror', (err) => consoleErrors.push(`uncaught: ${err.message}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`))
  })
  return { context, page, consoleErrors }
}

/**
 * Text never meant for a reader: a validator's (zod, mongoose, the old 请求参数不正确：body.x) and
 * the developer text the console's screens are scanned for too (schema paths, state-id
 * transitions such as `verifying → closed`, raw 24-hex ids): one list, console/src/services/devText.ts.
 */
const VALIDATOR_TEXT = new RegExp(
  [
    /Too (small|big)|Invalid (input|option|string|type)|expected \w+|received \w+|is required|must be|Required|Unrecognized key|请求参数不正确/.source,
    ...DEVELOPER_TEXT_PATTERNS.map((p) => p.pattern.source),
  ].join('|'),
)

/** Runs the checks on what the page shows now (the visible Taro page; hidden earlier pages are skipped). */
export async function checkPage(page: Page, consoleErrors: string[] = []): Promise<Offence[]> {
  // tsx compiles the function below with esbuild's keepNames, which calls a __name helper the page lacks.
  await page.evaluate('window.__name = window.__name || ((f) => f)')
  const found = await page.evaluate(
    ({ minTarget, validatorText }) => {
      const offences: { kind: 'touch' | 'contrast' | 'english'; element: string; detail: string }[] = []
      const english = new RegExp(validatorText)
      const describe = (el: Element) => {
        const classes = Array.from(el.classList)
          .filter((c) => !/^(hydrated|taro_page|weui-btn)$/.test(c))
          .slice(0, 4)
        const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 24)
        return `${el.tagName.toLowerCase()}${classes.map((c) => `.${c}`).join('')}${text ? ` "${text}"` : ''}`
      }
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect()
        if (r.width < 1 || r.height < 1) return false
        for (let e: Element | null = el; e; e = e.parentElement) {
          const s = getComputedStyle(e)
          if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false
        }
        return true
      }

      // ---- touch targets ----
      const reactProps = (el: Element): Record<string, unknown> | undefined => {
        const key = Object.keys(el).find((k) => k.startsWith('__reactProps$'))
        return key ? ((el as unknown as Record<string, Record<string, unknown>>)[key] ?? undefined) : undefined
      }
      const tappable = (el: Element) => {
        const tag = el.tagName.toLowerCase()
        if (['a', 'button', 'taro-button-core', 'input', 'textarea', 'select', 'taro-input-core', 'taro-textarea-core'].includes(tag)) return true
        if (el.getAttribute('role') === 'button' || el.getAttribute('role') === 'link') return true
        if (el.classList.contains('taro-navigation-bar-back') || el.classList.contains('taro-navigation-bar-home') || el.classList.contains('weui-tabbar__item')) return true
        // Taro's H5 components keep their React handlers in __events; plain elements in React's props.
        const events = (el as unknown as { __events?: Record<string, unknown> }).__events ?? {}
        if ('click' in events || 'tap' in events) return true
        const props = reactProps(el)
        return !!props && (typeof props.onClick === 'function' || typeof props.onTap === 'function')
      }
      const inside = (hit: Element | null, el: Element) => !!hit && (hit === el || el.contains(hit))
      const targets = Array.from(document.querySelectorAll('body *')).filter((el) => tappable(el) && visible(el))
      // An input inside a tappable Taro wrapper is measured once, as the wrapper.
      const outermost = targets.filter(
        (el) => !targets.some((other) => other !== el && other.contains(el) && /^(taro-input-core|taro-textarea-core|taro-button-core)$/i.test(other.tagName)),
      )
      for (const el of outermost) {
        // A tappable card or row containing other tappable things is measured by those.
        const r = el.getBoundingClientRect()
        if (r.width >= minTarget - 0.5 && r.height >= minTarget - 0.5) continue
        el.scrollIntoView({ block: 'center', inline: 'center' })
        const s = el.getBoundingClientRect()
        const cx = s.left + s.width / 2
        const cy = s.top + s.height / 2
        const h = minTarget / 2 - 1
        const points = [
          [cx, cy - h],
          [cx, cy + h],
          [cx - h, cy],
          [cx + h, cy],
        ]
        // The screen's edge ends every hit area: a point beyond it counts as the edge pixel.
        const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max - 1)
        if (points.every(([x, y]) => inside(document.elementFromPoint(clamp(x, innerWidth), clamp(y, innerHeight)), el))) continue
        offences.push({ kind: 'touch', element: describe(el), detail: `${Math.round(r.width)}×${Math.round(r.height)} px, needs ${minTarget}×${minTarget}` })
      }
      window.scrollTo(0, 0)

      // ---- contrast ----
      type Rgba = [number, number, number, number]
      const parse = (c: string): Rgba | null => {
        const m = /rgba?\(([^)]+)\)/.exec(c)
        if (!m) return null
        const p = m[1]
          .split(/[\s,/]+/)
          .filter(Boolean)
          .map(Number)
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]
      }
      const over = (top: Rgba, bottom: Rgba): Rgba => {
        const a = top[3] + bottom[3] * (1 - top[3])
        if (a === 0) return [0, 0, 0, 0]
        const mix = (i: number) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a
        return [mix(0), mix(1), mix(2), a]
      }
      const luminance = (c: Rgba) => {
        const ch = (v: number) => {
          const s = v / 255
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
        }
        return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
      }
      const ratio = (a: Rgba, b: Rgba) => {
        const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x)
        return (l1 + 0.05) / (l2 + 0.05)
      }
      /** The colours behind an element: solid layers blended bottom-up; a gradient gives each of its stops. */
      const backgrounds = (el: Element): Rgba[] => {
        const layers: { colour: Rgba | null; stops: Rgba[] }[] = []
        for (let e: Element | null = el; e; e = e.parentElement) {
          const s = getComputedStyle(e)
          const colour = parse(s.backgroundColor)
          const stops = s.backgroundImage.includes('gradient') ? [...s.backgroundImage.matchAll(/rgba?\([^)]+\)/g)].map((m) => parse(m[0])!) : []
          layers.push({ colour: colour && colour[3] > 0 ? colour : null, stops })
          if ((colour && colour[3] >= 1) || stops.length) break
        }
        let results: Rgba[] = [[255, 255, 255, 1]]
        for (const layer of layers.reverse()) {
          if (layer.stops.length) results = layer.stops.flatMap((stop) => results.map((r) => over(stop, r)))
          if (layer.colour) results = results.map((r) => over(layer.colour!, r))
        }
        return results
      }
      const seen = new Set<Element>()
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = (node.textContent ?? '').trim()
        const el = node.parentElement
        if (!text || !el || seen.has(el) || !visible(el)) continue
        if (el.closest('svg, script, style')) continue
        seen.add(el)
        if (english.test(text)) offences.push({ kind: 'english', element: describe(el), detail: `shows validator text: ${text.slice(0, 80)}` })
        const s = getComputedStyle(el)
        const fg = parse(s.color)
        if (!fg) continue
        let opacity = 1
        for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity)
        const size = parseFloat(s.fontSize)
        const needed = size >= 18 ? 3 : 4.5
        const worst = Math.min(...backgrounds(el).map((bg) => ratio(over([fg[0], fg[1], fg[2], fg[3] * opacity], bg), bg)))
        if (worst < needed) offences.push({ kind: 'contrast', element: describe(el), detail: `${worst.toFixed(2)}:1 at ${size}px (${s.color}), needs ${needed}:1` })
      }
      // Placeholders are text too (read before anything is typed).
      for (const input of Array.from(document.querySelectorAll('input[placeholder], textarea[placeholder]'))) {
        const field = input as HTMLInputElement
        if (!field.placeholder || field.value || !visible(field)) continue
        const s = getComputedStyle(field, '::placeholder')
        const fg = parse(s.color)
        if (!fg) continue
        const size = parseFloat(s.fontSize)
        const needed = size >= 18 ? 3 : 4.5
        const worst = Math.min(...backgrounds(field).map((bg) => ratio(over(fg, bg), bg)))
        if (worst < needed)
          offences.push({
            kind: 'contrast',
            element: `${describe(field)} placeholder "${field.placeholder}"`,
            detail: `${worst.toFixed(2)}:1 at ${size}px (${s.color}), needs ${needed}:1`,
          })
      }
      return offences
    },
    { minTarget: MIN_TARGET, validatorText: VALIDATOR_TEXT.source },
  )
  return [...found, ...consoleErrors.map((message) => ({ kind: 'console' as const, element: 'console', detail: message.slice(0, 300) }))]
}

/** One line per problem, grouped by page: what the test prints when it fails. */
export function formatOffences(byPage: Record<string, Offence[]>): string {
  return Object.entries(byPage)
    .filter(([, list]) => list.length)
    .map(([name, list]) => `${name}:\n${list.map((o) => `  [${o.kind}] ${o.element} — ${o.detail}`).join('\n')}`)
    .join('\n')
}

/** Saves the page as test-results/reader/<name>.png (the whole scrolled page). */
export async function saveReaderScreenshot(page: Page, name: string): Promise<string> {
  const dir = path.join('test-results', 'reader')
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}
