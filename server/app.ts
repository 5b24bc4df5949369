import { createHash } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { bodyParser } from '@koa/bodyparser'
import Router from '@koa/router'
import Koa from 'koa'
import helmet from 'koa-helmet'
import serve from 'koa-static'
import type { AppDeps } from './deps'
import { AppError } from './errors'
import { buildOpenApi } from './http/openapi'
import { rejectWhileDbDown } from './db/availability'
import { errorHandler, rejectOperatorKeys, requestLogger } from './http/middleware'
import type { RouteSpec } from './http/route'
import { mountRoutes } from './http/route'
import { authenticate } from './modules/auth/middleware'
import { allRoutes } from './modules'
import { CONSOLE_DIST, H5_DIST } from './builds'
import { serveConsole } from './http/console'

export interface CreatedApp {
  app: Koa
  routes: RouteSpec[]
}

/** The one app factory: production, `npm start` and every test build the app here. */
export function createApp(deps: AppDeps, opts: { serveH5?: boolean; h5Dir?: string; serveConsole?: boolean; consoleDir?: string } = {}): CreatedApp {
  // X-Forwarded-For counts only behind a proxy we trust (TRUST_PROXY), and then only its
  // last entry, the one that proxy wrote.
  const app = new Koa({ proxy: deps.config.TRUST_PROXY, maxIpsCount: 1 })
  const routes = allRoutes(deps)
  const router = new Router()

  const openapi = buildOpenApi(routes, { title: '校园专项宣传 API', version: '1.0.0' })
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = openapi
  })
  // Tests check every answer against its route's declared response schema (contract/).
  mountRoutes(router, routes, { checkResponses: deps.config.NODE_ENV === 'test' })

  const h5Dir = opts.h5Dir ?? H5_DIST
  const serveH5 = !!opts.serveH5 && fs.existsSync(path.join(h5Dir, 'index.html'))
  const consoleDir = opts.consoleDir ?? CONSOLE_DIST
  const withConsole = !!opts.serveConsole && fs.existsSync(path.join(consoleDir, 'index.html'))

  app.use(requestLogger(deps.logger))
  app.use(errorHandler())
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'", ...(serveH5 ? inlineScriptHashes(path.join(h5Dir, 'index.html')) : [])],
          // blob: lets Taro.uploadFile read a picked image in the H5 build.
          connectSrc: ["'self'", 'blob:'],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  )
  app.use(async (ctx, next) => {
    if (ctx.path.startsWith('/api')) ctx.set('Cache-Control', 'no-store')
    await next()
  })
  app.use(rejectWhileDbDown())
  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: `${deps.config.BODY_LIMIT_KB}kb`,
      encoding: 'utf-8',
      onError: (err) => {
        const status = (err as { status?: number }).status
        if (status === 413 || status === 415) throw err
        throw new AppError(400, 'INVALID_JSON', 'JSON 格式不正确')
      },
    }),
  )
  app.use(rejectOperatorKeys())
  app.use(authenticate(deps.config))
  app.use(router.routes())
  app.use(methodNotAllowed(router))

  if (withConsole) app.use(serveConsole(consoleDir))
  if (serveH5) {
    app.use(serve(h5Dir, { index: 'index.html', maxage: 0 }))
  }
  return { app, routes }
}

/**
 * A path the API knows, asked with a method it does not serve (TRACE, or PUT on a read-only
 * path): 405 with `Allow` listing what the path does serve; OPTIONS answers 204 with `Allow`.
 * (The router's own allowedMethods answers 501 for methods it has never heard of, like TRACE.)
 */
function methodNotAllowed(router: Router): Koa.Middleware {
  return async (ctx, next) => {
    await next()
    if (ctx.status !== 404 || ctx.body != null) return
    const matched = router.match(ctx.path, ctx.method)
    if (!matched.path.length || matched.route) return
    const allow = [...new Set(matched.path.flatMap((layer) => layer.methods))]
    if (!allow.length) return
    ctx.set('Allow', allow.join(', '))
    ctx.status = ctx.method === 'OPTIONS' ? 204 : 405
  }
}

/**
 * Taro's H5 page carries one small inline script (it sets the rem base size). Allow exactly
 * that script by hash instead of allowing inline scripts in general.
 */
function inlineScriptHashes(indexHtml: string): string[] {
  const html = fs.readFileSync(indexHtml, 'utf8')
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`)
}

/** Listens on the port (0 = a free one) and resolves with the server and its URL. */
export async function listen(app: Koa, port: number, host = '127.0.0.1'): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(app.callback())
  // Long polling is not used; keep idle sockets from holding up shutdown.
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host
  return { server, url: `http://${shownHost}:${address.port}` }
}
