import fs from 'node:fs'
import path from 'node:path'
import type Koa from 'koa'

/** Where the console is mounted; console/vite.config.ts builds with the same base. */
export const CONSOLE_BASE = '/admin/'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/**
 * The admin console's single-page app at /admin/: its hashed assets (cached for a year) and,
 * for every other path under /admin/ (client-side routes such as /admin/articles/new), its
 * index.html, which must not be cached so a rebuild is picked up.
 */
export function serveConsole(dir: string): Koa.Middleware {
  const root = path.resolve(dir)
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next()
    if (ctx.path === '/admin') return ctx.redirect(CONSOLE_BASE)
    if (!ctx.path.startsWith(CONSOLE_BASE)) return next()
    const relative = decodeURIComponent(ctx.path.slice(CONSOLE_BASE.length))
    const file = path.resolve(root, relative)
    const inside = file.startsWith(root + path.sep)
    if (inside && relative.startsWith('assets/') && fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable')
      ctx.type = TYPES[path.extname(file)] ?? 'application/octet-stream'
      ctx.body = fs.createReadStream(file)
      return
    }
    // A missing asset is a 404, not the app page (a stale tab asking for an old chunk).
    if (relative.startsWith('assets/')) return next()
    ctx.set('Cache-Control', 'no-cache')
    ctx.type = TYPES['.html']
    ctx.body = fs.createReadStream(path.join(root, 'index.html'))
  }
}
