import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { Types } from 'mongoose'
import type { AppDeps } from '../../deps'
import { badRequest, conflict, notFound } from '../../errors'
import { getCurrentCampaign } from '../campaigns/service'
import { cleanImage, type UploadedFile } from '../media/images'
import { User } from '../users/model'
import type { TipCipher } from './crypto'
import { Tip, TIP_STATUS_NAMES, TipAttachmentChunk, TipAudit, TipPendingUpload, type TipDoc, type TipStatus } from './model'
import { TIP_LIMITS, type TipRateLimiter } from './rate-limit'
import type { TipInput } from './schema'

type PendingUpload = { _id: string; contentType?: string | null; size?: number | null; nonce?: string | null; tag?: string | null; keyId?: string | null; chunks?: number | null }

export const MAX_ATTACHMENTS = 6
const CHUNK_BYTES = 1024 * 1024
const HOUR = 3600_000

/** Crockford base32: no I, L, O, U, so codes read aloud and typed by hand survive. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function base32(bytes: Buffer): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

/** 80 random bits as 16 characters, shown as XXXX-XXXX-XXXX-XXXX. */
export function newTrackingCode(): string {
  return base32(randomBytes(10)).match(/.{4}/g)!.join('-')
}

export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
}

const codeHash = (code: string) => createHash('sha256').update(`tip-code:${normalizeCode(code)}`).digest('hex')

const scrypt = promisify(scryptCb) as (secret: string, salt: Buffer, length: number) => Promise<Buffer>

async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16)
  return `${salt.toString('base64')}:${(await scrypt(secret, salt, 32)).toString('base64')}`
}

async function secretMatches(secret: string, stored: string): Promise<boolean> {
  const [salt, hash] = stored.split(':')
  const candidate = await scrypt(secret, Buffer.from(salt, 'base64'), 32)
  return timingSafeEqual(candidate, Buffer.from(hash, 'base64'))
}

/** Compared against when the code is unknown, so both answers take the same time. */
const DUMMY_SECRET_HASH = `${randomBytes(16).toString('base64')}:${randomBytes(32).toString('base64')}`
const toHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR)

export interface TipContext {
  deps: AppDeps
  cipher: TipCipher
  limiter: TipRateLimiter
}

export interface Requester {
  userId: string
  ip: string
}

/** Encrypts and stores one image for a tip draft; refuses non-images, oversize files and a 7th image. */
export async function uploadTipAttachment(ctx: TipContext, who: Requester, draftId: string, file: UploadedFile) {
  const now = ctx.deps.clock.now()
  // Limits first: refused requests cost no image decoding.
  if ((await TipPendingUpload.countDocuments({ draftId })) >= MAX_ATTACHMENTS) {
    throw badRequest(`每条举报最多附 ${MAX_ATTACHMENTS} 张图片`, undefined, 'TOO_MANY_ATTACHMENTS')
  }
  ctx.limiter.take([
    [TIP_LIMITS.uploadPerReader, who.userId],
    [TIP_LIMITS.uploadPerIp, who.ip],
  ])
  const image = await cleanImage(file)
  const sealed = ctx.cipher.seal(image.data)
  const ciphertext = Buffer.from(sealed.c, 'base64')
  const id = randomBytes(16).toString('hex')
  const chunks = Math.ceil(ciphertext.length / CHUNK_BYTES)
  for (let n = 0; n < chunks; n++) {
    await TipAttachmentChunk.create({ attachmentId: id, n, data: ciphertext.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES) })
  }
  await TipPendingUpload.create({ _id: id, draftId, contentType: image.contentType, size: image.data.length, nonce: sealed.n, tag: sealed.t, keyId: sealed.k, chunks, expiresAt: new Date(now.getTime() + 2 * HOUR) })
  return { attachmentId: id }
}

/** Abandoned drafts: their images are deleted after two hours. */
export async function purgeAbandonedUploads(now: Date): Promise<number> {
  const stale = await TipPendingUpload.find({ expiresAt: { $lte: now } }, { _id: 1 }).lean()
  if (!stale.length) return 0
  const ids = stale.map((s) => s._id)
  await TipAttachmentChunk.deleteMany({ attachmentId: { $in: ids } })
  await TipPendingUpload.deleteMany({ _id: { $in: ids } })
  return ids.length
}

export async function submitTip(ctx: TipContext, who: Requester, input: TipInput) {
  const now = ctx.deps.clock.now()
  const campaign = await getCurrentCampaign(now)
  const categories = (campaign.tipCategories ?? []).map((c) => c.code)
  if (!categories.includes(input.category) && input.category !== 'other') throw badRequest('请选择举报类别', undefined, 'UNKNOWN_CATEGORY')
  const pending = input.draftId ? await TipPendingUpload.find({ draftId: input.draftId }).lean<PendingUpload[]>() : []
  if (pending.length > MAX_ATTACHMENTS) throw badRequest(`每条举报最多附 ${MAX_ATTACHMENTS} 张图片`, undefined, 'TOO_MANY_ATTACHMENTS')

  // Counted in memory under per-window salted hashes (rate-limit.ts); nothing about the
  // reader or the IP is stored, with the tip or anywhere else.
  const giveBack = ctx.limiter.take([
    [TIP_LIMITS.tipPerReader, who.userId],
    [TIP_LIMITS.tipPerIp, who.ip],
  ])
  try {
    return await storeTip(ctx, who, input, campaign._id, pending, now)
  } catch (err) {
    giveBack() // refused or failed: it does not count against the reader
    throw err
  }
}

async function storeTip(ctx: TipContext, who: Requester, input: TipInput, campaignId: Types.ObjectId, pending: PendingUpload[], now: Date) {

  const code = newTrackingCode()
  const secret = base32(randomBytes(16))
  const seal = (v: string) => (v ? ctx.cipher.seal(v) : undefined)
  const receivedAt = input.anonymous ? toHour(now) : now
  await Tip.create({
    campaignId,
    codeHash: codeHash(code),
    secretHash: await hashSecret(secret),
    category: input.category,
    anonymous: input.anonymous,
    ...(input.anonymous ? {} : { reporterUserId: who.userId, contact: ctx.cipher.seal(JSON.stringify(input.contact)) }),
    description: ctx.cipher.seal(input.description),
    location: seal(input.location),
    occurredAt: seal(input.occurredAt),
    people: seal(input.people),
    attachments: pending.map((p) => ({ id: p._id, contentType: p.contentType, size: p.size, nonce: p.nonce, tag: p.tag, keyId: p.keyId, chunks: p.chunks })),
    timeline: [{ status: 'received', at: receivedAt }],
    receivedAt,
  })
  if (pending.length) await TipPendingUpload.deleteMany({ _id: { $in: pending.map((p) => p._id) } })
  return { trackingCode: code, secret, status: 'received' as TipStatus }
}

/** Same answer for an unknown code and a wrong secret; repeated failures are throttled. */
async function findByCredentials(ctx: TipContext, who: Requester, code: string, secret: string): Promise<TipDoc> {
  // Count first, then evaluate: every look-up takes a slot before anything is awaited, so
  // parallel guesses cannot all pass one check; a successful look-up gives its slot back.
  const giveBack = ctx.limiter.take([
    [TIP_LIMITS.lookupPerIp, who.ip],
    [TIP_LIMITS.lookupPerReader, who.userId],
  ])
  const tip = await Tip.findOne({ codeHash: codeHash(code) }).lean<TipDoc>()
  const ok = (await secretMatches(secret, tip?.secretHash ?? DUMMY_SECRET_HASH)) && !!tip
  if (!ok) throw notFound('查询码或密钥不正确', 'TIP_NOT_FOUND')
  giveBack()
  return tip!
}

function reporterView(tip: TipDoc) {
  return {
    status: tip.status as TipStatus,
    statusName: TIP_STATUS_NAMES[tip.status as TipStatus],
    category: tip.category,
    timeline: tip.timeline.map((e) => ({ status: e.status, statusName: TIP_STATUS_NAMES[e.status as TipStatus], at: e.at!.toISOString(), note: e.note ?? null })),
    followUps: tip.followUps.length,
    attachments: tip.attachments.length,
  }
}

export async function trackTip(ctx: TipContext, who: Requester, code: string, secret: string) {
  return reporterView(await findByCredentials(ctx, who, code, secret))
}

export async function addFollowUp(ctx: TipContext, who: Requester, code: string, secret: string, message: string) {
  const tip = await findByCredentials(ctx, who, code, secret)
  if (tip.status === 'closed') throw conflict('该线索已办结，如有新情况请提交新的举报', 'TIP_CLOSED')
  const at = tip.anonymous ? toHour(ctx.deps.clock.now()) : ctx.deps.clock.now()
  await Tip.updateOne({ _id: tip._id }, { $push: { followUps: { at, text: ctx.cipher.seal(message) } } })
  return reporterView((await Tip.findById(tip._id).lean<TipDoc>())!)
}

// ---- Security office ----

async function audit(tipId: Types.ObjectId | null, actorId: string, action: string, detail: string, at: Date) {
  await TipAudit.create({ tipId, actorId, action, detail, at })
}

export async function listTips(ctx: TipContext, officerId: string, q: { status?: string; category?: string; from?: Date; to?: Date; page: number }) {
  const filter: Record<string, unknown> = {}
  if (q.status) filter.status = q.status
  if (q.category) filter.category = q.category
  if (q.from || q.to) filter.receivedAt = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lt: q.to } : {}) }
  const rows = await Tip.find(filter, { category: 1, status: 1, anonymous: 1, receivedAt: 1, attachments: 1, assigneeId: 1, description: 1 })
    .sort({ receivedAt: -1 })
    .skip((q.page - 1) * 20)
    .limit(20)
    .lean<TipDoc[]>()
  await audit(null, officerId, 'list', JSON.stringify({ status: q.status ?? null, category: q.category ?? null, page: q.page, count: rows.length }), ctx.deps.clock.now())
  return rows.map((t) => ({
    id: String(t._id),
    category: t.category,
    status: t.status,
    statusName: TIP_STATUS_NAMES[t.status as TipStatus],
    anonymous: t.anonymous,
    receivedAt: t.receivedAt.toISOString(),
    attachments: t.attachments.length,
    assigneeId: t.assigneeId ? String(t.assigneeId) : null,
    excerpt: (ctx.cipher.openText(t.description) ?? '').slice(0, 40),
  }))
}

async function loadTip(id: string): Promise<TipDoc> {
  const tip = await Tip.findById(id).lean<TipDoc>()
  if (!tip) throw notFound('线索不存在', 'TIP_NOT_FOUND')
  return tip
}

function officerView(ctx: TipContext, tip: TipDoc) {
  const open = (v: Parameters<TipCipher['openText']>[0]) => ctx.cipher.openText(v)
  return {
    id: String(tip._id),
    category: tip.category,
    status: tip.status,
    statusName: TIP_STATUS_NAMES[tip.status as TipStatus],
    anonymous: tip.anonymous,
    receivedAt: tip.receivedAt.toISOString(),
    description: open(tip.description) ?? '',
    location: open(tip.location) ?? '',
    occurredAt: open(tip.occurredAt) ?? '',
    people: open(tip.people) ?? '',
    contact: tip.contact ? (JSON.parse(open(tip.contact)!) as { name: string; phone: string }) : null,
    outcome: open(tip.outcome),
    attachments: tip.attachments.map((a, index) => ({ index, contentType: a.contentType, size: a.size })),
    timeline: tip.timeline.map((e) => ({ status: e.status, at: e.at!.toISOString(), note: e.note ?? null })),
    followUps: tip.followUps.map((f) => ({ at: f.at!.toISOString(), text: open(f.text) ?? '' })),
    notes: tip.notes.map((n) => ({ at: n.at!.toISOString(), authorId: String(n.authorId), text: open(n.text) ?? '' })),
    assigneeId: tip.assigneeId ? String(tip.assigneeId) : null,
  }
}

export async function readTip(ctx: TipContext, officerId: string, id: string) {
  const tip = await loadTip(id)
  await audit(tip._id, officerId, 'read', '', ctx.deps.clock.now())
  return officerView(ctx, tip)
}

export async function readAttachment(ctx: TipContext, officerId: string, id: string, index: number) {
  const tip = await loadTip(id)
  const meta = tip.attachments[index]
  if (!meta) throw notFound('附件不存在', 'ATTACHMENT_NOT_FOUND')
  const chunks = await TipAttachmentChunk.find({ attachmentId: meta.id }).sort({ n: 1 }).lean()
  const ciphertext = Buffer.concat(chunks.map((c) => Buffer.from((c.data as unknown as { buffer: Uint8Array }).buffer)))
  const data = ctx.cipher.open({ k: meta.keyId!, n: meta.nonce!, t: meta.tag!, c: ciphertext.toString('base64') })
  await audit(tip._id, officerId, 'attachment', `#${index}`, ctx.deps.clock.now())
  return { data, contentType: meta.contentType! }
}

const NEXT: Record<TipStatus, TipStatus[]> = { received: ['verifying'], verifying: ['transferred', 'closed'], transferred: ['closed'], closed: [] }

export async function changeStatus(ctx: TipContext, officerId: string, id: string, change: { status: TipStatus; publicNote?: string; outcome?: string }) {
  const tip = await loadTip(id)
  const from = tip.status as TipStatus
  if (!NEXT[from].includes(change.status)) {
    throw conflict(`不能从“${TIP_STATUS_NAMES[from]}”变更为“${TIP_STATUS_NAMES[change.status]}”`, 'BAD_TIP_TRANSITION')
  }
  if (change.status === 'closed' && !change.outcome) throw badRequest('办结时请填写处理结果', undefined, 'OUTCOME_REQUIRED')
  const now = ctx.deps.clock.now()
  const updated = await Tip.updateOne(
    { _id: tip._id, status: from },
    {
      $set: { status: change.status, ...(change.outcome ? { outcome: ctx.cipher.seal(change.outcome) } : {}) },
      $push: { timeline: { status: change.status, at: tip.anonymous ? toHour(now) : now, ...(change.publicNote ? { note: change.publicNote } : {}) } },
    },
  )
  if (updated.modifiedCount === 0) throw conflict('线索状态已被他人更新，请刷新后重试', 'TIP_CHANGED')
  await audit(tip._id, officerId, 'status', `${from} → ${change.status}`, now)
  return readTipWithoutAudit(ctx, id)
}

async function readTipWithoutAudit(ctx: TipContext, id: string) {
  return officerView(ctx, await loadTip(id))
}

export async function addNote(ctx: TipContext, officerId: string, id: string, text: string) {
  const tip = await loadTip(id)
  const now = ctx.deps.clock.now()
  await Tip.updateOne({ _id: tip._id }, { $push: { notes: { at: now, authorId: new Types.ObjectId(officerId), text: ctx.cipher.seal(text) } } })
  await audit(tip._id, officerId, 'note', '', now)
  return readTipWithoutAudit(ctx, id)
}

export async function assignTip(ctx: TipContext, officerId: string, id: string, assigneeId: string) {
  const tip = await loadTip(id)
  const assignee = await User.findOne({ _id: assigneeId, roles: 'security_officer', disabled: { $ne: true } }, { _id: 1 }).lean()
  if (!assignee) throw badRequest('只能指派给保卫处人员', undefined, 'BAD_ASSIGNEE')
  await Tip.updateOne({ _id: tip._id }, { $set: { assigneeId: assignee._id } })
  await audit(tip._id, officerId, 'assign', `→ ${assigneeId}`, ctx.deps.clock.now())
  return readTipWithoutAudit(ctx, id)
}

export async function auditLog(ctx: TipContext, officerId: string, tipId?: string) {
  const rows = await TipAudit.find(tipId ? { tipId } : {}).sort({ at: -1 }).limit(500).lean()
  await audit(tipId ? new Types.ObjectId(tipId) : null, officerId, 'audit-view', '', ctx.deps.clock.now())
  return rows.map((r) => ({ tipId: r.tipId ? String(r.tipId) : null, actorId: String(r.actorId), action: r.action, detail: r.detail, at: r.at.toISOString() }))
}

/**
 * Counts by category, status and month (Asia/Shanghai) for the monthly report and admins.
 * Never content, never departments (small departments would point at the reporter).
 */
export async function tipStatistics(campaignId: string | Types.ObjectId, range: { from?: Date; to?: Date } = {}) {
  const match: Record<string, unknown> = { campaignId: new Types.ObjectId(String(campaignId)) }
  if (range.from || range.to) match.receivedAt = { ...(range.from ? { $gte: range.from } : {}), ...(range.to ? { $lt: range.to } : {}) }
  const rows = await Tip.find(match, { category: 1, status: 1, receivedAt: 1 }).lean()
  const count = (key: (t: (typeof rows)[number]) => string) => {
    const out: Record<string, number> = {}
    for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1
    return out
  }
  const month = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 7)
  return { total: rows.length, byCategory: count((r) => r.category), byStatus: count((r) => r.status), byMonth: count((r) => month(r.receivedAt)) }
}
