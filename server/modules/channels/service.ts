import type { ChannelRowOut } from '../../../contract/metrics'
import { Types } from 'mongoose'
import { isDuplicateKeyError } from '../../errors'
import { Department } from '../departments/model'
import { ItemProgress } from '../progress/model'
import { onCompletion } from '../progress/service'
import { CHANNEL_NAMES, CHANNELS, resolveChannel, type Channel } from './channels'
import { ItemArrival } from './model'

// Read-through follows progress: an arrival is completed when the reader completes the item.
onCompletion(async ({ userId, itemKey, write }) => {
  await ItemArrival.updateOne({ userId, itemKey }, { $set: { completed: true } }, write)
})

/**
 * Records how the reader arrived at an item when they open it; only the first arrival per
 * reader and item counts (later opens through other channels change nothing).
 */
export async function recordArrival(e: {
  userId: string
  campaignId: Types.ObjectId
  itemKey: string
  departmentId: Types.ObjectId | null
  ch?: string
  scene?: number
  at: Date
}): Promise<Channel> {
  const channel = resolveChannel(e)
  const completed = !!(await ItemProgress.findOne({ userId: e.userId, itemKey: e.itemKey }, { completed: 1 }).lean())?.completed
  try {
    await ItemArrival.updateOne(
      { userId: e.userId, itemKey: e.itemKey },
      { $setOnInsert: { campaignId: e.campaignId, departmentId: e.departmentId, channel, scene: e.scene ?? null, at: e.at, completed } },
      { upsert: true },
    )
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err // two first opens at once: the other one is the first
  }
  return channel
}

export type ChannelRow = ChannelRowOut

type Group = { _id: { channel: Channel; departmentId?: Types.ObjectId | null }; opens: number; readers: number }
type Done = { _id: Group['_id']; n: number }
const groupKey = (g: { _id: Group['_id'] }) => `${g._id.channel}|${g._id.departmentId ?? ''}`

function rows(groups: Group[], done: Map<string, number>): ChannelRow[] {
  const byChannel = new Map(groups.map((g) => [g._id.channel, g]))
  return CHANNELS.filter((c) => byChannel.has(c)).map((channel) => {
    const g = byChannel.get(channel)!
    const completed = done.get(groupKey(g)) ?? 0
    return { channel, name: CHANNEL_NAMES[channel], opens: g.opens, readers: g.readers, completed, readThrough: g.opens ? Math.round((completed / g.opens) * 1000) / 1000 : null }
  })
}

/**
 * Reach and read-through per channel for a campaign, overall and per department (readers
 * bound to the roster). `departmentId` limits it to one department; `until`, to first arrivals
 * before that moment (a monthly report as of the month's end).
 */
export async function channelMetrics(campaignId: Types.ObjectId | string, opts: { departmentId?: string; until?: Date } = {}) {
  const match: Record<string, unknown> = { campaignId: new Types.ObjectId(String(campaignId)) }
  if (opts.until) match.at = { $lt: opts.until }
  if (opts.departmentId) match.departmentId = new Types.ObjectId(opts.departmentId)
  // FerretDB's $group has neither $cond nor $addToSet: group per reader (one row per reader
  // and channel), count readers here, and count completed arrivals in a second pass.
  const opened = async (by: Record<string, string>): Promise<Group[]> => {
    const perReader = await ItemArrival.aggregate<{ _id: Group['_id']; opens: number }>([{ $match: match }, { $group: { _id: { ...by, userId: '$userId' }, opens: { $sum: 1 } } }])
    const groups = new Map<string, Group>()
    for (const r of perReader) {
      const id = { channel: r._id.channel, ...('departmentId' in by ? { departmentId: r._id.departmentId ?? null } : {}) }
      const g = groups.get(groupKey({ _id: id })) ?? { _id: id, opens: 0, readers: 0 }
      g.opens += r.opens
      g.readers += 1
      groups.set(groupKey({ _id: id }), g)
    }
    return [...groups.values()]
  }
  const completed = async (by: Record<string, string>) =>
    new Map((await ItemArrival.aggregate<Done>([{ $match: { ...match, completed: true } }, { $group: { _id: by, n: { $sum: 1 } } }])).map((d) => [groupKey(d), d.n]))
  const byChannel = { channel: '$channel' }
  const byDept = { channel: '$channel', departmentId: '$departmentId' }
  const overall = rows(await opened(byChannel), await completed(byChannel))
  const perDept = await opened(byDept)
  const perDeptDone = await completed(byDept)
  const deptIds = [...new Set(perDept.filter((g) => g._id.departmentId).map((g) => String(g._id.departmentId)))]
  const names = new Map((await Department.find({ _id: { $in: deptIds } }, { name: 1 }).lean()).map((d) => [String(d._id), d.name]))
  const departments = deptIds
    .map((id) => ({
      departmentId: id,
      name: names.get(id) ?? '（已删除的部门）',
      channels: rows(
        perDept.filter((g) => String(g._id.departmentId) === id),
        perDeptDone,
      ),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  return { channels: overall, departments }
}
