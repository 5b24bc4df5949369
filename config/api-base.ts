/**
 * Where the built app sends API calls (`API_BASE`, baked into the bundle at build time).
 *
 * - H5 is served by our own server: same origin, '' (calls go to '/api/…').
 * - The mini-program needs a full URL. WeChat only lets a released mini-program call HTTPS
 *   origins listed as 合法域名 (request, uploadFile and downloadFile domains), so a production
 *   weapp build (`NODE_ENV=production`, what `npm run build:weapp` is) refuses to start
 *   unless `TARO_APP_API_BASE` is `https://…`. Development builds (`npm run dev:weapp`) fall
 *   back to the local server.
 *
 * Plain function of the environment so the check runs before webpack starts and is tested
 * (tests/build/weapp.test.ts).
 */
export function resolveApiBase(env: Record<string, string | undefined>): string {
  const platform = env.TARO_ENV === 'weapp' ? 'weapp' : 'h5'
  const configured = env.TARO_APP_API_BASE?.trim()
  if (platform === 'h5') return configured ?? ''
  if (env.NODE_ENV === 'production') {
    if (!configured || !/^https:\/\/[^/\s]+/.test(configured)) {
      throw new Error(
        'TARO_APP_API_BASE must be the https:// origin of the API for a production mini-program build ' +
          `(got ${configured ? JSON.stringify(configured) : 'nothing'}); WeChat refuses plain http and unlisted domains. ` +
          'Use `npm run dev:weapp` for a development build against http://localhost:3000.',
      )
    }
    return configured.replace(/\/+$/, '')
  }
  return (configured || 'http://localhost:3000').replace(/\/+$/, '')
}
