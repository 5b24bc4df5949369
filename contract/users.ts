import { z } from 'zod'
import { dateTime, pageInfo } from './common'
import { role } from './roles'

export const userOut = z.strictObject({
  id: z.string(),
  nickname: z.string(),
  roles: z.array(role),
  username: z.string().nullable(),
  departmentId: z.string().nullable(),
  disabled: z.boolean(),
  person: z
    .strictObject({
      id: z.string(),
      number: z.string(),
      name: z.string(),
      type: z.string(),
      departmentId: z.string(),
      departmentName: z.string(),
      className: z.string().nullable(),
    })
    .nullable(),
})
export type UserView = z.infer<typeof userOut>

export const bindingInput = z
  .object({
    number: z.string().trim().min(1, '请输入学号或工号').max(32),
    name: z.string().trim().min(1, '请输入姓名').max(64).meta({ title: '姓名' }),
  })
  .strict()

const departmentRef = z.string().regex(/^[0-9a-f]{24}$/i, '部门编号格式不正确')
export const DEPT_REQUIRED = '部门负责人（dept_admin）必须指定所属部门'

export const adminUserInput = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9_.-]{3,32}$/, '用户名为 3–32 位字母、数字或 _.-'),
    password: z.string().min(8, '密码至少 8 位').max(128),
    nickname: z.string().trim().min(1, '请填写姓名').max(64),
    roles: z.array(role).min(1, '至少选择一个角色'),
    departmentId: departmentRef.nullable().default(null),
  })
  .strict()
  .superRefine((v, ctx) => {
    // Whether the department exists and is active is checked against the database in the service.
    if (v.roles.includes('dept_admin') && !v.departmentId) ctx.addIssue({ code: 'custom', path: ['departmentId'], message: DEPT_REQUIRED })
  })
export type AdminUserInput = z.infer<typeof adminUserInput>

export const adminUserPatch = z
  .object({
    roles: z.array(role).min(1, '至少选择一个角色'),
    departmentId: departmentRef.nullable(),
    disabled: z.boolean(),
    password: z.string().min(8, '密码至少 8 位').max(128),
    nickname: z.string().trim().min(1).max(64),
  })
  .partial()
  .strict()
  .superRefine((v, ctx) => {
    if (v.roles?.includes('dept_admin') && v.departmentId === null) ctx.addIssue({ code: 'custom', path: ['departmentId'], message: DEPT_REQUIRED })
  })
export type AdminUserPatch = z.infer<typeof adminUserPatch>

export const adminUserQuery = z.object({
  role: role.optional(),
  /** Part of the username or name, any case. */
  q: z.string().trim().max(64).optional(),
  /** Include disabled accounts ('true', default) or only active ones. */
  includeDisabled: z.enum(['true', 'false']).default('true'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  /** The mini-program's list reads one page of up to 500; the console pages by 20. */
  pageSize: z.coerce.number().int().min(1).max(500).default(500),
})
export type AdminUserQuery = z.infer<typeof adminUserQuery>

// ---------- answers ----------

export const userEnvelope = z.strictObject({ user: userOut })
/** GET /api/me: the account and what it may do (ability names of server/policy.ts). */
export const meOut = z.strictObject({ user: userOut, abilities: z.array(z.string()) })
export type MeOut = z.infer<typeof meOut>
export const sessionOut = z.strictObject({ token: z.string(), user: userOut })
export type SessionOut = z.infer<typeof sessionOut>
export const subscriptionsOut = z.strictObject({ subscriptions: z.array(z.string()) })
export const userListOut = z.strictObject({ users: z.array(userOut), ...pageInfo })

export const accountResultOut = z.strictObject({
  user: userOut,
  /** A security_officer role asked for and waiting for a second person to confirm it. */
  pendingGrant: z.strictObject({ id: z.string(), role: z.literal('security_officer'), message: z.string() }).nullable(),
})
export type AccountResultOut = z.infer<typeof accountResultOut>

export const roleGrantsOut = z.strictObject({
  grants: z.array(
    z.strictObject({
      id: z.string(),
      role: z.literal('security_officer'),
      targetId: z.string(),
      targetName: z.string(),
      requestedBy: z.string(),
      requestedByName: z.string(),
      requestedAt: dateTime,
    }),
  ),
})
export type RoleGrantsOut = z.infer<typeof roleGrantsOut>

export const adminAuditOut = z.strictObject({
  entries: z.array(
    z.strictObject({
      at: dateTime,
      actorId: z.string(),
      actorName: z.string(),
      action: z.enum(['account-create', 'account-update', 'grant-requested', 'grant-confirmed']),
      actionName: z.string(),
      /** The change in Chinese (roles by name, no ids). */
      summary: z.string(),
      targetId: z.string(),
      targetName: z.string(),
      changes: z.record(z.string(), z.unknown()),
    }),
  ),
  ...pageInfo,
})

/** Where to send the browser for 公众号 网页授权. */
export const authorizeUrlOut = z.strictObject({ url: z.string() })
export type UserEnvelope = z.infer<typeof userEnvelope>
export type UserListOut = z.infer<typeof userListOut>
export type AdminAuditOut = z.infer<typeof adminAuditOut>
export type AuthorizeUrlOut = z.infer<typeof authorizeUrlOut>
