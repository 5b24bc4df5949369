/**
 * The H5 build opened in WeChat's browser (a 公众号 article or menu link) signs in with
 * 公众号 网页授权 (snsapi_base, silent): without a code, go to WeChat's authorize page, which
 * comes back to this very URL with `?code=…&state=mp`; with one, exchange it for a session
 * (POST /api/auth/official-account) and take it out of the address bar. Plain TypeScript with
 * the browser passed in (tests/client/official-account.test.ts).
 */
export interface BrowserEnv {
  userAgent: string
  href: string
  /** Leaves the page for WeChat's authorize page. */
  go(url: string): void
  /** Replaces the address without reloading (history.replaceState). */
  replace(url: string): void
}

export const inWeChatBrowser = (userAgent: string) => /MicroMessenger/i.test(userAgent)

const STATE = 'mp'

/** The 网页授权 code WeChat appended to this page's URL, if any. */
export function oauthCode(href: string): string | null {
  const url = new URL(href)
  return url.searchParams.get('state') === STATE ? url.searchParams.get('code') : null
}

/** This URL without the code and state WeChat appended. */
export function withoutOAuthParams(href: string): string {
  const url = new URL(href)
  url.searchParams.delete('code')
  url.searchParams.delete('state')
  return url.toString()
}

/**
 * What the H5 sign-in should do: 'code' (exchange it), 'redirect' (went to WeChat; never
 * resolves, the page is leaving), or 'none' (not in WeChat, or 网页授权 is not configured).
 */
export async function officialAccountSignIn(
  env: BrowserEnv,
  authorizeUrl: (redirect: string) => Promise<string | null>,
): Promise<{ kind: 'code'; code: string } | { kind: 'none' }> {
  if (!inWeChatBrowser(env.userAgent)) return { kind: 'none' }
  const code = oauthCode(env.href)
  if (code) {
    env.replace(withoutOAuthParams(env.href))
    return { kind: 'code', code }
  }
  const url = await authorizeUrl(env.href)
  if (!url) return { kind: 'none' }
  env.go(url)
  return new Promise(() => undefined)
}
