import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { badRequest, conflict, isDuplicateKeyError, notFound } from '../../errors'
import { route } from '../../http/route'
import { objectId } from '../../../contract/common'
import { adminDepartmentEnvelope, adminDepartmentListOut, departmentInput, departmentPatch, rosterImportOut, rosterPageOut } from '../../../contract/roster'
import { Department } from '../departments/model'
import { readMultipart } from '../media/images'
import { markAllMetricsDirty } from '../metrics/service'
import { User } from '../users/model'
import { importRoster } from './import'
import { Person } from './model'

const ADMIN = ['publicity_admin'] as const
const PAGE = 50

export function rosterRoutes(deps: AppDeps) {
  return [
    route({
      method: 'post',
      path: '/api/admin/roster/import',
      summary: '导入花名册（XLSX/CSV：学号/工号、姓名、类型、部门、班级；按学号更新）',
      tags: ['roster'],
      access: ADMIN,
      rawBody: true,
      response: rosterImportOut,
      handler: async (ctx) => {
        const { fields, files } = await readMultipart(ctx.req, { maxFiles: 1, maxFileBytes: 10 * 1024 * 1024 })
        if (files.length !== 1) throw badRequest('没有收到文件', undefined, 'NO_FILE')
        const report = await importRoster(files[0], { acceptGoodRows: fields.acceptGoodRows === 'true', complete: fields.complete === 'true' }, deps.clock.now())
        await markAllMetricsDirty()
        return { report }
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/roster',
      summary: '花名册（含绑定情况；bound=true 只列已绑定的读者）',
      tags: ['roster'],
      access: ADMIN,
      query: z.object({
        departmentId: objectId.optional(),
        q: z.string().max(32).optional(),
        includeInactive: z.enum(['true', 'false']).optional(),
        bound: z.enum(['true', 'false']).optional(),
        page: z.coerce.number().int().min(1).default(1),
      }),
      response: rosterPageOut,
      handler: async (_ctx, { query }) => {
        const filter: Record<string, unknown> = {}
        if (query.departmentId) filter.departmentId = query.departmentId
        if (query.includeInactive !== 'true') filter.active = true
        if (query.q) filter.$or = [{ number: query.q }, { name: query.q }]
        if (query.bound === 'true') filter._id = { $in: await User.distinct('personId', { personId: { $ne: null } }) }
        const rows = await Person.find(filter).sort({ number: 1 }).skip((query.page - 1) * PAGE).limit(PAGE + 1).lean()
        const people = rows.slice(0, PAGE)
        const users = await User.find({ personId: { $in: people.map((p) => p._id) } }, { personId: 1, nickname: 1 }).lean()
        const bound = new Map(users.map((u) => [String(u.personId), u]))
        return {
          page: query.page,
          hasMore: rows.length > PAGE,
          people: people.map((p) => ({
            id: String(p._id),
            number: p.number,
            name: p.name,
            type: p.type,
            departmentId: String(p.departmentId),
            className: p.className ?? null,
            active: p.active,
            boundUser: bound.has(String(p._id)) ? { id: String(bound.get(String(p._id))!._id), nickname: bound.get(String(p._id))!.nickname } : null,
          })),
        }
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/departments',
      summary: '部门列表（含停用）',
      tags: ['roster'],
      access: ADMIN,
      response: adminDepartmentListOut,
      handler: async () => ({ departments: (await Department.find({}).sort({ order: 1 }).lean()).map((d) => ({ id: String(d._id), code: d.code, name: d.name, kind: d.kind, active: d.active })) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/departments',
      summary: '新增部门',
      tags: ['roster'],
      access: ADMIN,
      body: departmentInput,
      status: 201,
      response: adminDepartmentEnvelope,
      handler: async (_ctx, { body }) => {
        try {
          const d = await Department.create(body)
          return { department: { id: String(d._id), code: d.code, name: d.name, kind: d.kind, active: d.active } }
        } catch (err) {
          if (isDuplicateKeyError(err)) throw conflict('部门代码或名称已存在', 'DEPARTMENT_EXISTS')
          throw err
        }
      },
    }),
    route({
      method: 'put',
      path: '/api/admin/departments/:id',
      summary: '修改或停用部门',
      tags: ['roster'],
      access: ADMIN,
      params: z.object({ id: objectId }),
      body: departmentPatch,
      response: adminDepartmentEnvelope,
      handler: async (_ctx, { params, body }) => {
        let d
        try {
          d = await Department.findByIdAndUpdate(params.id, { $set: body }, { returnDocument: 'after' }).lean()
        } catch (err) {
          if (isDuplicateKeyError(err)) throw conflict('部门代码或名称已被其他部门使用', 'DEPARTMENT_EXISTS')
          throw err
        }
        if (!d) throw notFound('部门不存在')
        await markAllMetricsDirty()
        return { department: { id: String(d._id), code: d.code, name: d.name, kind: d.kind, active: d.active } }
      },
    }),
  ]
}
