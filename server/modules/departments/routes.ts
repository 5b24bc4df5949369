import { z } from 'zod'
import { route } from '../../http/route'
import { objectId } from '../campaigns/schema'
import { createDepartment, listActiveDepartments, listAllDepartments, updateDepartment } from './service'

const departmentOut = z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.enum(['college', 'office']) })
const departmentFields = { code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/), name: z.string().trim().min(1).max(64), kind: z.enum(['college', 'office']), order: z.number().int() }
const departmentInput = z.object({ ...departmentFields, order: departmentFields.order.default(0) }).strict()
// No defaults in the patch: zod 4 would apply them to fields the request does not name.
const departmentPatch = z.object({ ...departmentFields, active: z.boolean() }).partial().strict()

export const departmentRoutes = [
  route({
    method: 'get',
    path: '/api/departments',
    summary: '部门列表（绑定学号时选择、统计报表使用）',
    tags: ['departments'],
    access: 'user',
    response: z.object({ departments: z.array(departmentOut) }),
    handler: async () => ({ departments: await listActiveDepartments() }),
  }),
  route({
    method: 'get',
    path: '/api/admin/departments',
    summary: '部门列表（含停用）',
    tags: ['roster'],
    access: 'department.manage',
    handler: async () => ({ departments: await listAllDepartments() }),
  }),
  route({
    method: 'post',
    path: '/api/admin/departments',
    summary: '新增部门',
    tags: ['roster'],
    access: 'department.manage',
    body: departmentInput,
    status: 201,
    handler: async (_ctx, { body }) => ({ department: await createDepartment(body) }),
  }),
  route({
    method: 'put',
    path: '/api/admin/departments/:id',
    summary: '修改或停用部门',
    tags: ['roster'],
    access: 'department.manage',
    params: z.object({ id: objectId }),
    body: departmentPatch,
    handler: async (_ctx, { params, body }) => ({ department: await updateDepartment(params.id, body) }),
  }),
]
