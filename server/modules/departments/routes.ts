import { departmentListOut } from '../../../contract/roster'
import { route } from '../../http/route'
import { Department } from './model'

export const departmentRoutes = [
  route({
    method: 'get',
    path: '/api/departments',
    summary: '部门列表（绑定学号时选择、统计报表使用）',
    tags: ['departments'],
    access: 'user',
    response: departmentListOut,
    handler: async () => {
      const rows = await Department.find({ active: true }).sort({ order: 1, code: 1 }).lean()
      return { departments: rows.map((d) => ({ id: String(d._id), code: d.code, name: d.name, kind: d.kind })) }
    },
  }),
]
