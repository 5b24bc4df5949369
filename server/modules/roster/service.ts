import { badRequest } from '../../errors'
import type { UploadedFile } from '../media/images'
import { markAllMetricsDirty } from '../metrics/service'
import { User } from '../users/model'
import { importRoster } from './import'
import { Person } from './model'

const PAGE = 50

/** Imports an uploaded roster file; every figure depends on the roster, so all are recomputed. */
export async function importRosterFile(files: UploadedFile[], opts: { acceptGoodRows: boolean; complete: boolean }, now: Date) {
  if (files.length !== 1) throw badRequest('没有收到文件', 'NO_FILE')
  const report = await importRoster(files[0], opts, now)
  await markAllMetricsDirty()
  return report
}

export interface RosterQuery {
  departmentId?: string
  q?: string
  includeInactive?: 'true' | 'false'
  /** 'true': only people a reader has bound to. */
  bound?: 'true' | 'false'
  page: number
}

/** One page of the roster by number, each person with the reader bound to them (if any). */
export async function listRoster(query: RosterQuery) {
  const filter: Record<string, unknown> = {}
  if (query.departmentId) filter.departmentId = query.departmentId
  if (query.includeInactive !== 'true') filter.active = true
  if (query.q) filter.$or = [{ number: query.q }, { name: query.q }]
  if (query.bound === 'true') filter._id = { $in: await User.distinct('personId', { personId: { $ne: null } }) }
  const rows = await Person.find(filter)
    .sort({ number: 1 })
    .skip((query.page - 1) * PAGE)
    .limit(PAGE + 1)
    .lean()
  const people = rows.slice(0, PAGE)
  const users = await User.find({ personId: { $in: people.map((p) => p._id) } }, { personId: 1, nickname: 1 }).lean()
  const bound = new Map(users.map((u) => [String(u.personId), { id: String(u._id), nickname: u.nickname }]))
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
      boundUser: bound.get(String(p._id)) ?? null,
    })),
  }
}
