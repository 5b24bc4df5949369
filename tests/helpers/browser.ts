import fs from 'node:fs'
import path from 'node:path'
import { after, before } from 'node:test'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Debian's Chromium, driven by playwright-core (no browser download is possible here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
}

/** A phone-sized page, as readers see the H5 build. */
export async function newPhonePage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  const page = await context.newPage()
  return { context, page }
}

/** The signed-in reader's id and token, as the page holds them. */
export async function readerSession(page: Page): Promise<{ userId: string; token: string }> {
  return page.evaluate(async () => {
    const raw = localStorage.getItem('session-token')
    const token = raw && raw.startsWith('{') ? JSON.parse(raw).data : JSON.parse(raw ?? '""')
    const me = await (await fetch('/api/me', { headers: { authorization: `Bearer ${token}` } })).json()
    return { userId: me.user.id as string, token: token as string }
  })
}

/** Saves a screenshot under test-results/ when a browser test fails, to look at afterwards. */
export async function screenshotOnFailure(page: Page, name: string): Promise<void> {
  fs.mkdirSync('test-results', { recursive: true })
  await page.screenshot({ path: path.join('test-results', `${name}.png`), fullPage: true }).catch(() => {})
}

/** The messages, dialogs and toasts a page shows now (antd and Taro), as text. */
async function pageMessages(page: Page): Promise<string[]> {
  return page
    .evaluate(() =>
      Array.from(document.querySelectorAll('[role=alert], [role=dialog], .ant-message-notice, .ant-notification-notice, .taro__toast'))
        .filter((e) => e.checkVisibility())
        .map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim())
        .filter(Boolean),
    )
    .catch(() => [])
}

/**
 * Runs a test's steps on its browser pages (phone or console): when a step fails, each page is saved as a screenshot
 * under its name (test-results/<name>.png); whatever happens, the pages are closed.
 */
export async function onBrowserPages(pages: Record<string, { page: Page; context: BrowserContext }>, steps: () => Promise<void>): Promise<void> {
  try {
    await steps()
  } catch (err) {
    for (const [name, p] of Object.entries(pages)) {
      await screenshotOnFailure(p.page, name)
      // CI keeps the log, not the screenshot: say what the page was telling its user.
      const said = await pageMessages(p.page)
      if (said.length && err instanceof Error) {
        const line = `${name} showed: ${said.join(' | ')}`
        err.message += `\n${line}`
        err.stack = `${line}\n${err.stack ?? ''}`
      }
    }
    throw err
  } finally {
    for (const p of Object.values(pages)) await p.context.close()
  }
}

type ServedAppOptions = Omit<NonNullable<Parameters<typeof import('./server').startTestServer>[0]>, 'clock'> & { clock?: import('../../server/clock').Clock }

/**
 * One browser test file's fixtures: the app served as `opts` says, on real time unless a clock is
 * given (the browser's clock is real), and one Chromium; both closed after the file.
 */
export function useServedAppAndBrowser(opts: ServedAppOptions): { server(): import('./server').TestServer; browser(): Browser } {
  let server: import('./server').TestServer | undefined
  let browser: Browser | undefined
  before(async () => {
    const { startTestServer } = await import('./server')
    const { systemClock } = await import('../../server/clock')
    server = await startTestServer({ ...opts, clock: opts.clock ?? systemClock })
    browser = await launchBrowser()
  })
  after(async () => {
    const { closeTestDb } = await import('./server')
    await browser?.close()
    await server?.stop()
    await closeTestDb()
  })
  return { server: () => server!, browser: () => browser! }
}

/** One browser test file's fixtures: the app served with the H5 build on real time, and one Chromium. */
export function useBrowserFixture(): { server(): import('./server').TestServer; browser(): Browser } {
  return useServedAppAndBrowser({ serveH5: true })
}

/** Signs an admin account (created here with the given role) in through the H5 admin page. */
export async function signInAdminInBrowser(page: Page, t: import('./server').TestServer, role: import('../../server/modules/auth/roles').Role, username: string): Promise<string> {
  const { token } = await t.signInAdmin(role, { username })
  await page.goto(`${t.url}/#/admin/index/index`)
  await page.locator('.admin-username input').fill(username)
  await page.locator('.admin-password input').fill('admin-password-1')
  await page.locator('.admin-signin').click()
  await page.locator('.admin-welcome').waitFor({ timeout: 10_000 })
  return token
}
