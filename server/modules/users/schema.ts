import { z } from 'zod'
import { ROLES } from '../auth/roles'

export const userOut = z.object({
  id: z.string(),
  nickname: z.string(),
  roles: z.array(z.enum(ROLES)),
  username: z.string().nullable(),
  departmentId: z.string().nullable(),
  person: z
    .object({ id: z.string(), number: z.string(), name: z.string(), type: z.string(), departmentId: z.string(), departmentName: z.string(), className: z.string().nullable() })
    .nullable(),
})
export type UserView = z.infer<typeof userOut>

export const bindingInput = z
  .object({
    number: z.string().trim().min(1, '请输入学号或工号').max(32),
    name: z.string().trim().min(1, '请输入姓名').max(64),
  })
  .strict()

export const adminUserInput = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9_.-]{3,32}$/, '用户名为 3–32 位字母、数字或 _.-'),
    password: z.string().min(8, '密码至少 8 位').max(128),
    nickname: z.string().min(1).max(64),
    roles: z.array(z.enum(ROLES)).min(1),
    departmentId: z.string().regex(/^[0-9a-f]{24}$/i).nullable().default(null),
  })
  .strict()

export const adminUserPatch = z
  .object({
    roles: z.array(z.enum(ROLES)).min(1),
    departmentId: z.string().regex(/^[0-9a-f]{24}$/i).nullable(),
    disabled: z.boolean(),
    password: z.string().min(8).max(128),
    nickname: z.string().min(1).max(64),
  })
  .partial()
  .strict()
