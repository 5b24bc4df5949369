import { z } from 'zod'
import { objectId } from '../../../contract/common'
import { adminDepartmentEnvelope, adminDepartmentListOut, departmentInput, departmentListOut, departmentPatch } from '../../../contract/roster'
import { route } from '../../http/route'
import { createDepartment, listActiveDepartments, listAllDepartments, updateDepartment } from './service'

export const departmentRoutes = [
  route({
    method: 'get',
    path: '/api/departments',
    summary: '部门列表（绑定学号时选择、统计报表使用）',
    tags: ['departments'],
    access: 'user',
    response: departmentListOut,
    handler: async () => ({ departments: await listActiveDepartments() }),
  }),
  route({
    method: 'get',
    path: '/api/admin/departments',
    summary: '部门列表（含停用）',
    tags: ['roster'],
    access: 'department.manage',
    response: adminDepartmentListOut,
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
    response: adminDepartmentEnvelope,
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
    response: adminDepartmentEnvelope,
    handler: async (_ctx, { params, body }) => ({ department: await updateDepartment(params.id, body) }),
  }),
]
