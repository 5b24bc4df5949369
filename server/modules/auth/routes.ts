import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { route } from '../../http/route'
import { sessionOut } from '../../../contract/users'
import { createSignInThrottle, signInForDevelopment, signInWithPassword, signInWithWechat } from './service'

export function authRoutes(deps: AppDeps) {
  const throttle = createSignInThrottle(deps)
  const routes = [
    route({
      method: 'post',
      path: '/api/auth/wechat',
      summary: '微信登录：用 wx.login 的 code 换取会话',
      tags: ['auth'],
      access: 'public',
      body: z.object({ code: z.string().min(1).max(128) }).strict(),
      response: sessionOut,
      handler: (_ctx, { body }) => signInWithWechat(deps, body.code),
    }),
    route({
      method: 'post',
      path: '/api/auth/password',
      summary: '管理员账号密码登录',
      tags: ['auth'],
      access: 'public',
      body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) }).strict(),
      response: sessionOut,
      handler: (ctx, { body }) => signInWithPassword(deps, body.username, body.password, { throttle, ip: ctx.ip }),
    }),
  ]
  // The development sign-in does not exist at all in production: the route is never mounted.
  if (!deps.config.isProduction) {
    routes.push(
      route({
        method: 'post',
        path: '/api/auth/dev',
        summary: 'H5 开发登录（仅非生产环境）',
        tags: ['auth'],
        access: 'public',
        body: z.object({ deviceId: z.string().regex(/^[\w-]{8,64}$/), nickname: z.string().min(1).max(32).optional() }).strict(),
        response: sessionOut,
        handler: (_ctx, { body }) => signInForDevelopment(deps, body.deviceId, body.nickname),
      }),
    )
  }
  return routes
}
