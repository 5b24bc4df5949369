import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { developerTextIn } from '../../console/src/services/devText'
import type { Clock } from '../../server/clock'
import type { Role } from '../../server/modules/auth/roles'
import { useServedAppAndBrowser } from './browser'
import type { TestServer } from './server'

/**
 * Browser test helpers for the admin console (/admin/): a desktop page (1280×800), signing an
 * admin in through the console's own sign-in page, screenshots under test-results/console/, and
 * the scan for developer text (schema paths, state ids, raw ids, English validator text).
 */

/**
 * One console browser test file's fixtures: the app with the console built and served, on real
 * time (the browser's clock is real) unless a clock is given (a ManualClock set to now, to move
 * the server through reading time), and one Chromium; both closed after the file.
 */
export function useConsoleFixture(opts: { clock?: Clock } = {}): { server(): TestServer; browser(): Browser } {
  return useServedAppAndBrowser({ serveConsole: true, clock: opts.clock })
}

/** A desktop-sized page, as admins use the console. */
export async function newConsolePage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN', acceptDownloads: true })
  const page = await context.newPage()
  return { context, page }
}

/**
 * Creates an admin account with the role (and department) given, and signs it in on the
 * console's sign-in page. Returns the account's API token for setting up data.
 */
export async function signInConsole(page: Page, t: TestServer, role: Role | Role[], username: string, opts: { departmentCode?: string } = {}): Promise<string> {
  const { token } = await t.signInAdmin(role, { username, departmentCode: opts.departmentCode })
  await page.goto(`${t.url}/admin/login`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill('admin-password-1')
  await page.getByRole('button', { name: '登录' }).click()
  await page.locator('.ant-pro-layout').waitFor({ timeout: 15_000 })
  return token
}

/** Opens a console path (below /admin) and waits for the page's header. */
export async function openConsolePage(page: Page, t: TestServer, pathBelowAdmin: string): Promise<void> {
  await page.goto(`${t.url}/admin${pathBelowAdmin}`)
  await page.locator('.ant-page-header, .ant-pro-page-container').first().waitFor({ timeout: 15_000 })
}

export const CONSOLE_SCREENSHOTS = path.join('test-results', 'console')

/**
 * The open dialog (a confirmation or any antd Modal) holding `text`, once it has finished zooming
 * in. It grows from the button that opened it: a click on one of its buttons while it still grows
 * lands where that button is not yet and is lost, leaving the dialog open (CI failed so, twice);
 * a screenshot would catch it faded.
 */
export async function shownDialog(page: Page, text: string | RegExp): Promise<Locator> {
  const dialog = page.locator('.ant-modal', { hasText: text })
  await dialog.waitFor()
  await page.waitForFunction(
    (modal) => !!modal && getComputedStyle(modal).opacity === '1' && !modal.closest('.ant-zoom-appear, .ant-zoom-enter') && modal.getAnimations().length === 0,
    await dialog.elementHandle(),
  )
  return dialog
}

/**
 * Answers the dialog holding `text` with one of its buttons, and waits until the answer is taken:
 * the dialog closes, or its button shows it is working (a long action keeps the dialog open).
 */
export async function answerDialog(page: Page, text: string | RegExp, button: string | RegExp): Promise<void> {
  const dialog = await shownDialog(page, text)
  const handle = await dialog.elementHandle()
  await dialog.getByRole('button', { name: button }).click()
  await page.waitForFunction((modal) => !modal || !modal.isConnected || !modal.checkVisibility() || !!modal.querySelector('.ant-btn-loading'), handle, {
    timeout: 10_000,
  })
}

/** Saves the page as test-results/console/<name>.png (the run's record of what admins see). */
export async function consoleScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(CONSOLE_SCREENSHOTS, { recursive: true })
  const file = path.join(CONSOLE_SCREENSHOTS, `${name}.png`)
  // From the top: the layout's header is fixed and the editor's toolbar sticky.
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/**
 * Developer text in what the page shows (its rendered text and the titles and placeholders of its
 * controls). Values admins copy elsewhere on purpose (an article's mini-program path, which
 * carries its id) are marked `data-technical` and left out.
 */
export async function developerTextOnPage(page: Page): Promise<{ name: string; match: string }[]> {
  const text = await page.evaluate(() => {
    let shown = document.body.innerText
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-technical]'))) shown = shown.split(el.innerText).join('')
    const attrs = Array.from(document.querySelectorAll('[title],[placeholder],[aria-label]')).flatMap((el) =>
      ['title', 'placeholder', 'aria-label'].map((a) => el.getAttribute(a) ?? ''),
    )
    return [shown, ...attrs].join('\n')
  })
  return developerTextIn(text)
}

/** Fails with what was found and where, if the page shows developer text. */
export async function assertNoDeveloperText(page: Page, screen: string): Promise<void> {
  const found = await developerTextOnPage(page)
  assert.deepEqual(found, [], `${screen} shows developer text: ${found.map((f) => `${f.name} "${f.match}"`).join(', ')}`)
}

/** The check each console screen gets once it is shown: no developer text, then its screenshot as test-results/console/<name>.png. */
export async function checkConsoleScreen(page: Page, screen: string, screenshotName: string): Promise<void> {
  await assertNoDeveloperText(page, screen)
  await consoleScreenshot(page, screenshotName)
}
