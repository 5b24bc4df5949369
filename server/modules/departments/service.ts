import { conflict, isDuplicateKeyError, notFound } from '../../errors'
import { markAllMetricsDirty } from '../metrics/service'
import { Department, type DepartmentDoc } from './model'

type DepartmentKind = DepartmentDoc['kind']

const adminView = (d: Pick<DepartmentDoc, '_id' | 'code' | 'name' | 'kind' | 'active'>) => ({ id: String(d._id), code: d.code, name: d.name, kind: d.kind, active: d.active })

/** Active departments, for binding and reports. */
export async function listActiveDepartments() {
  const rows = await Department.find({ active: true }).sort({ order: 1, code: 1 }).lean<DepartmentDoc[]>()
  return rows.map((d) => ({ id: String(d._id), code: d.code, name: d.name, kind: d.kind }))
}

/** Every department, the inactive ones too (the admin list). */
export async function listAllDepartments() {
  return (await Department.find({}).sort({ order: 1 }).lean<DepartmentDoc[]>()).map(adminView)
}

export async function createDepartment(input: { code: string; name: string; kind: DepartmentKind; order: number }) {
  try {
    return adminView(await Department.create(input))
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('部门代码或名称已存在', 'DEPARTMENT_EXISTS')
    throw err
  }
}

/** Renames, reorders or (de)activates a department; the figures are recomputed with it. */
export async function updateDepartment(id: string, patch: Partial<{ code: string; name: string; kind: DepartmentKind; order: number; active: boolean }>) {
  let d: DepartmentDoc | null
  try {
    d = await Department.findByIdAndUpdate(id, { $set: patch }, { returnDocument: 'after' }).lean<DepartmentDoc>()
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('部门代码或名称已被其他部门使用', 'DEPARTMENT_EXISTS')
    throw err
  }
  if (!d) throw notFound('部门不存在')
  await markAllMetricsDirty()
  return adminView(d)
}
