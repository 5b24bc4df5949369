import { z } from 'zod'
import { route } from '../../http/route'
import { Department } from './model'

const departmentOut = z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.enum(['college', 'office']) })

export const departmentRoutes = [
  route({
    method: 'get',
    path: '/api/departments',
    summary: '部门列表（绑定学号时选择、统计报表使用）',
    tags: ['departments'],
    access: 'user',
    response: z.object({ departments: z.array(departmentOut) }),
    handler: async () => {
      const rows = await Department.find({ active: true }).sort({ order: 1, code: 1 }).lean()
      return { departments: rows.map((d) => ({ id: String(d._id), code: d.code, name: d.name, kind: d.kind })) }
    },
  }),
]
