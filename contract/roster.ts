import { z } from 'zod'

export const departmentKind = z.enum(['college', 'office'])

/** A department as readers and staff pick it (active ones only). */
export const departmentOut = z.strictObject({ id: z.string(), code: z.string(), name: z.string(), kind: departmentKind })
export type DepartmentOut = z.infer<typeof departmentOut>
export const departmentListOut = z.strictObject({ departments: z.array(departmentOut) })

const departmentFields = {
  code: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .meta({ title: '部门代码' }),
  name: z.string().trim().min(1).max(64).meta({ title: '部门名称' }),
  kind: departmentKind,
  order: z.number().int(),
}
export const departmentInput = z.object({ ...departmentFields, order: departmentFields.order.default(0) }).strict()
// No defaults in the patch: zod 4 would apply them to fields the request does not name.
export const departmentPatch = z
  .object({ ...departmentFields, active: z.boolean() })
  .partial()
  .strict()

export const adminDepartmentOut = departmentOut.extend({ active: z.boolean() })
export const adminDepartmentListOut = z.strictObject({ departments: z.array(adminDepartmentOut) })
export const adminDepartmentEnvelope = z.strictObject({ department: adminDepartmentOut })

export const rosterPersonOut = z.strictObject({
  id: z.string(),
  number: z.string(),
  name: z.string(),
  type: z.enum(['student', 'staff']),
  departmentId: z.string(),
  departmentName: z.string(),
  className: z.string().nullable(),
  active: z.boolean(),
  boundUser: z.strictObject({ id: z.string(), nickname: z.string() }).nullable(),
})
export type RosterPersonOut = z.infer<typeof rosterPersonOut>
export const rosterPageOut = z.strictObject({
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  hasMore: z.boolean(),
  people: z.array(rosterPersonOut),
})

export const rosterQuery = z.object({
  departmentId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, '部门编号格式不正确')
    .optional(),
  /** A number or a name, exactly; or the start of either. */
  q: z.string().trim().max(32).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
  bound: z.enum(['true', 'false']).optional(),
  sort: z.enum(['number', 'name', 'className']).default('number'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
})
export type RosterQuery = z.infer<typeof rosterQuery>

export const rosterImportOut = z.strictObject({
  report: z.strictObject({
    total: z.number().int(),
    valid: z.number().int(),
    errors: z.array(z.strictObject({ row: z.number().int(), reasons: z.array(z.string()) })),
    created: z.number().int(),
    updated: z.number().int(),
    deactivated: z.number().int(),
  }),
})
export type DepartmentListOut = z.infer<typeof departmentListOut>
export type RosterPageOut = z.infer<typeof rosterPageOut>
export type RosterImportOut = z.infer<typeof rosterImportOut>
