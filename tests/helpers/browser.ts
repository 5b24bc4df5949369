import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Debian's Chromium, driven by playwright-core (no browser download is possible here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/** A phone-sized page, as readers see the H5 build. */
export async function newPhonePage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  const page = await context.newPage()
  return { context, page }
}

/** Saves a screenshot under test-results/ when a browser test fails, to look at afterwards. */
export async function screenshotOnFailure(page: Page, name: string): Promise<void> {
  fs.mkdirSync('test-results', { recursive: true })
  await page.screenshot({ path: path.join('test-results', `${name}.png`), fullPage: true }).catch(() => {})
}
