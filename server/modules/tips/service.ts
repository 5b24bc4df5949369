import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { Types } from 'mongoose'
import type { AppDeps } from '../../deps'
import { shanghaiDay, shanghaiDayStart, shanghaiMonth } from '../../clock'
import { AppError, badRequest, conflict, notFound, tooManyRequests } from '../../errors'
import { getCurrentCampaign } from '../campaigns/service'
import { cleanImage, type UploadedFile } from '../media/images'
import { displayName } from '../users/audit'
import { User } from '../users/model'
import { decryptBlob, encryptBlob, fieldAad, TipDecryptionError, type Sealed, type StoredSealed, type TipCipher, type TipField } from './crypto'
import { randomObjectId, Tip, TIP_STATUS_NAMES, TipAttachmentChunk, TipAudit, TipPendingUpload, type TipDoc, type TipStatus } from './model'
import { TIP_LIMITS, type TipRateLimiter } from './rate-limit'
import type { TipInput } from '../../../contract/tips'
import { Campaign } from '../campaigns/model'
import { describeTipAudit, legacyAssigneeIds } from './audit-text'

type PendingUpload = { _id: string; contentType?: string | null; size?: number | null; chunks?: number | null; key?: StoredSealed | null }

export const MAX_ATTACHMENTS = 6
const CHUNK_BYTES = 1024 * 1024
const HOUR = 3600_000
const DAY = 24 * HOUR
/** Unsubmitted images are kept at least this long (to the end of the hour after), then purged (jobs.ts). */
export const UPLOAD_TTL_MS = 24 * HOUR
const INBOX_PAGE = 20
const AUDIT_PAGE = 50

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

/**
 * Codes and secrets are Crockford base32: case, spaces, dashes and the look-alikes O/I/L
 * (read as 0/1) do not matter when they are typed back.
 */
export function normalizeCode(code: string): string {
  return code
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
}
export const normalizeSecret = normalizeCode

/** Keyed hashes of a code under every configured key (rotation), the current one first. */
const codeHashes = (ctx: TipContext, code: string) => ctx.cipher.lookupHashes(`tip-code:${normalizeCode(code)}`)

const scrypt = promisify(scryptCb) as (secret: string, salt: Buffer, length: number) => Promise<Buffer>

async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16)
  return `${salt.toString('base64')}:${(await scrypt(normalizeSecret(secret), salt, 32)).toString('base64')}`
}

async function secretMatches(secret: string, stored: string): Promise<boolean> {
  const [salt, hash] = stored.split(':')
  const candidate = await scrypt(normalizeSecret(secret), Buffer.from(salt, 'base64'), 32)
  return timingSafeEqual(candidate, Buffer.from(hash, 'base64'))
}

/** Compared against when the code is unknown, so both answers take the same time. */
const DUMMY_SECRET_HASH = `${randomBytes(16).toString('base64')}:${randomBytes(32).toString('base64')}`
const toHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR)
const unreadable = () => new AppError(500, 'TIP_UNREADABLE', '该内容无法解密：密钥不匹配或数据被篡改，请联系系统管理员')

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
    throw badRequest(`每条举报最多附 ${MAX_ATTACHMENTS} 张图片`, 'TOO_MANY_ATTACHMENTS')
  }
  ctx.limiter.take([
    [TIP_LIMITS.uploadPerReader, who.userId],
    [TIP_LIMITS.uploadPerIp, who.ip],
  ])
  const image = await cleanImage(file)
  const id = randomBytes(16).toString('hex')
  const { ciphertext, dataKey } = encryptBlob(image.data, `attachment:${id}`)
  const chunks = Math.ceil(ciphertext.length / CHUNK_BYTES)
  try {
    for (let n = 0; n < chunks; n++) {
      await TipAttachmentChunk.create({ attachmentId: id, n, data: ciphertext.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES) })
    }
    await TipPendingUpload.create({
      _id: id,
      draftId,
      contentType: image.contentType,
      size: image.data.length,
      chunks,
      key: ctx.cipher.seal(dataKey, `upload:${id}`),
      // From the hour bucket, like every other time kept with a tip: a leftover copy of this
      // record (a backup, a page the engine has not reused yet) dates the upload to the hour only.
      expiresAt: new Date(toHour(now).getTime() + UPLOAD_TTL_MS + HOUR),
    })
  } catch (err) {
    // Without its pending record no purge would ever find these chunks.
    await TipAttachmentChunk.deleteMany({ attachmentId: id }).catch(() => undefined)
    throw err
  }
  return { attachmentId: id }
}

/**
 * Images that no tip claimed within UPLOAD_TTL_MS are deleted. A pending record whose image a
 * tip does hold (its clean-up after submitting failed) loses only the record, never the chunks.
 */
export async function purgeAbandonedUploads(now: Date): Promise<number> {
  const stale = await TipPendingUpload.find({ expiresAt: { $lte: now } }, { _id: 1 }).lean()
  if (!stale.length) return 0
  const ids = stale.map((s) => s._id)
  const claimed = new Set((await Tip.find({ 'attachments.id': { $in: ids } }, { 'attachments.id': 1 }).lean<TipDoc[]>()).flatMap((t) => t.attachments.map((a) => a.id)))
  const abandoned = ids.filter((id) => !claimed.has(id))
  if (abandoned.length) await TipAttachmentChunk.deleteMany({ attachmentId: { $in: abandoned } })
  await TipPendingUpload.deleteMany({ _id: { $in: ids } })
  return abandoned.length
}

export async function submitTip(ctx: TipContext, who: Requester, input: TipInput) {
  const now = ctx.deps.clock.now()
  const campaign = await getCurrentCampaign(now)
  const categories = (campaign.tipCategories ?? []).map((c) => c.code)
  if (!categories.includes(input.category) && input.category !== 'other') throw badRequest('请选择举报类别', 'UNKNOWN_CATEGORY')

  // Counted in memory under per-window salted hashes (rate-limit.ts); nothing about the
  // reader or the IP is stored, with the tip or anywhere else.
  const giveBack = ctx.limiter.take([
    [TIP_LIMITS.tipPerReader, who.userId],
    [TIP_LIMITS.tipPerIp, who.ip],
  ])
  try {
    const pending = await claimableUploads(input.attachmentIds, now)
    return await storeTip(ctx, who, input, campaign._id, pending, now)
  } catch (err) {
    giveBack() // refused or failed: it does not count against the reader
    throw err
  }
}

/** The images the form names, every one still waiting; otherwise nothing is submitted. */
async function claimableUploads(ids: string[], now: Date): Promise<PendingUpload[]> {
  if (!ids.length) return []
  const found = await TipPendingUpload.find({ _id: { $in: ids }, expiresAt: { $gt: now } }).lean<PendingUpload[]>()
  if (found.length !== ids.length) {
    const missing = ids.length - found.length
    throw conflict(`有 ${missing} 张图片已过期或不存在，举报尚未提交。请删除这些图片后重新上传，再提交。`, 'ATTACHMENTS_MISSING', {
      missing: ids.filter((id) => !found.some((p) => p._id === id)),
    })
  }
  return ids.map((id) => found.find((p) => p._id === id)!)
}

async function storeTip(ctx: TipContext, who: Requester, input: TipInput, campaignId: Types.ObjectId, pending: PendingUpload[], now: Date) {
  // The id is chosen first: every sealed value names the tip and field it belongs to.
  const _id = randomObjectId()
  const seal = (field: TipField, v: string) => ctx.cipher.seal(v, fieldAad(_id, field))
  const sealOptional = (field: TipField, v: string) => (v ? seal(field, v) : undefined)
  const attachments = pending.map((p) => {
    const dataKey = ctx.cipher.open(p.key as Sealed, `upload:${p._id}`).toString('utf8')
    return { id: p._id, contentType: p.contentType, size: p.size, chunks: p.chunks, key: seal(`attachment:${p._id}`, dataKey) }
  })
  const code = newTrackingCode()
  const secret = base32(randomBytes(16))
  const receivedAt = input.anonymous ? toHour(now) : now
  await Tip.create({
    _id,
    campaignId,
    codeHash: codeHashes(ctx, code)[0],
    secretHash: await hashSecret(secret),
    category: input.category,
    anonymous: input.anonymous,
    ...(input.anonymous ? {} : { reporterUserId: who.userId, contact: seal('contact', JSON.stringify(input.contact)) }),
    description: seal('description', input.description),
    location: sealOptional('location', input.location),
    occurredAt: sealOptional('occurredAt', input.occurredAt),
    people: sealOptional('people', input.people),
    attachments,
    timeline: [{ status: 'received', at: receivedAt }],
    receivedAt,
  })
  // The tip is stored: from here on the reporter must get the code and secret, shown only now.
  // A pending record left behind is dropped by the hourly purge, which keeps claimed images.
  if (pending.length) {
    await TipPendingUpload.deleteMany({ _id: { $in: pending.map((p) => p._id) } }).catch((err: unknown) => {
      ctx.deps.logger.warn({ err, images: pending.length }, 'claimed tip uploads not cleared; the purge will drop them')
    })
  }
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
  const tip = await Tip.findOne({ codeHash: { $in: codeHashes(ctx, code) } }).lean<TipDoc>()
  const ok = (await secretMatches(secret, tip?.secretHash ?? DUMMY_SECRET_HASH)) && !!tip
  if (!ok) throw notFound('查询码或密钥不正确', 'TIP_NOT_FOUND')
  giveBack()
  return tip!
}

/**
 * Opens sealed fields of one tip, collecting the names of those that fail authentication
 * (wrong key, tampered, moved from another tip) instead of failing the whole view.
 */
function opener(ctx: TipContext, tip: TipDoc) {
  const failed = new Set<string>()
  const open = (field: TipField, value: StoredSealed | null | undefined): string | null => {
    try {
      return ctx.cipher.openText(value, fieldAad(tip._id, field))
    } catch (err) {
      if (!(err instanceof TipDecryptionError)) throw err
      failed.add(field)
      ctx.deps.logger.error({ tipId: String(tip._id), field, err: err.message }, 'tip field failed to decrypt')
      return null
    }
  }
  return { open, failed }
}

function reporterView(ctx: TipContext, tip: TipDoc) {
  const { open } = opener(ctx, tip)
  return {
    status: tip.status as TipStatus,
    statusName: TIP_STATUS_NAMES[tip.status as TipStatus],
    category: tip.category,
    timeline: tip.timeline.map((e) => ({ status: e.status, statusName: TIP_STATUS_NAMES[e.status as TipStatus], at: e.at!.toISOString(), note: open('publicNote', e.note) })),
    followUps: tip.followUps.length,
    attachments: tip.attachments.length,
  }
}

export async function trackTip(ctx: TipContext, who: Requester, code: string, secret: string) {
  return reporterView(ctx, await findByCredentials(ctx, who, code, secret))
}

/** Follow-ups per tip per Beijing day, and in all: enough for a reporter, not a flood of the officers' log. */
export const FOLLOW_UPS_PER_DAY = 3
export const MAX_FOLLOW_UPS = 30

export async function addFollowUp(ctx: TipContext, who: Requester, code: string, secret: string, message: string) {
  const tip = await findByCredentials(ctx, who, code, secret)
  if (tip.status === 'closed') throw conflict('该线索已办结，如有新情况请提交新的举报', 'TIP_CLOSED')
  const now = ctx.deps.clock.now()
  const count = tip.followUps.length
  if (count >= MAX_FOLLOW_UPS) {
    throw conflict(`该线索的补充次数已达上限（${MAX_FOLLOW_UPS} 次）。如有新情况，请提交新的举报或直接联系保卫处`, 'FOLLOW_UP_LIMIT')
  }
  // Follow-up times are kept to the hour (anonymous tips), so "today" is counted from those.
  const dayStart = shanghaiDayStart(shanghaiDay(now))
  const today = tip.followUps.filter((f) => f.at && f.at >= toHour(dayStart)).length
  if (today >= FOLLOW_UPS_PER_DAY) {
    const tomorrow = dayStart.getTime() + DAY
    throw tooManyRequests(`每条线索每天最多补充 ${FOLLOW_UPS_PER_DAY} 次，请明天再补充`, 'FOLLOW_UP_DAILY_LIMIT', (tomorrow - now.getTime()) / 1000)
  }
  const at = tip.anonymous ? toHour(now) : now
  // Only if nobody added one since it was read: two at once cannot both pass the limits.
  const pushed = await Tip.updateOne(
    { _id: tip._id, [`followUps.${count}`]: { $exists: false } },
    { $push: { followUps: { at, text: ctx.cipher.seal(message, fieldAad(tip._id, 'followUp')) } } },
  )
  if (pushed.modifiedCount === 0) throw conflict('补充提交冲突，请稍后重试', 'TIP_CHANGED')
  // Logged like officers' changes, without naming the reporter (and to the hour when anonymous).
  await TipAudit.create({ tipId: tip._id, actor: 'reporter', action: 'follow-up', detail: '', at })
  return reporterView(ctx, (await Tip.findById(tip._id).lean<TipDoc>())!)
}

// ---- Security office ----

/** The officer's name is stored as it is now: renaming oneself later does not change the log. */
async function audit(tipId: Types.ObjectId | null, actorId: string, action: string, detail: string, at: Date) {
  await TipAudit.create({ tipId, actor: 'officer', actorId, actorName: await displayName(actorId), action, detail, at })
}

const names = async (ids: unknown[]) => {
  const wanted = [...new Set(ids.filter(Boolean).map(String))]
  const users = wanted.length ? await User.find({ _id: { $in: wanted } }, { nickname: 1 }).lean() : []
  return new Map(users.map((u) => [String(u._id), u.nickname]))
}

/** Inbox filters: days are Beijing calendar days (YYYY-MM-DD), both ends included. */
export interface InboxQuery {
  status?: string
  category?: string
  from?: string
  to?: string
  order?: 'asc' | 'desc'
  page: number
}

/** Category codes → the names their campaigns give them ('other' is 其他). */
async function categoryNames(campaignIds: unknown[]): Promise<(campaignId: unknown, code: string) => string> {
  const wanted = [...new Set(campaignIds.map(String))]
  const campaigns = wanted.length ? await Campaign.find({ _id: { $in: wanted } }, { tipCategories: 1 }).lean() : []
  const byCampaign = new Map(campaigns.map((c) => [String(c._id), new Map((c.tipCategories ?? []).map((t) => [t.code, t.name]))]))
  return (campaignId, code) => byCampaign.get(String(campaignId))?.get(code) ?? (code === 'other' ? '其他' : '未知类别')
}

export async function listTips(ctx: TipContext, officerId: string, q: InboxQuery) {
  const filter: Record<string, unknown> = {}
  if (q.status) filter.status = q.status
  if (q.category) filter.category = q.category
  if (q.from && q.to && q.from > q.to) throw badRequest('开始日期不能晚于结束日期', 'BAD_RANGE')
  if (q.from || q.to) {
    filter.receivedAt = {
      ...(q.from ? { $gte: shanghaiDayStart(q.from) } : {}),
      ...(q.to ? { $lt: new Date(shanghaiDayStart(q.to).getTime() + DAY) } : {}),
    }
  }
  const [total, rows] = await Promise.all([
    Tip.countDocuments(filter),
    Tip.find(filter, { campaignId: 1, category: 1, status: 1, anonymous: 1, receivedAt: 1, attachments: 1, assigneeId: 1, description: 1 })
      .sort({ receivedAt: q.order === 'asc' ? 1 : -1, _id: 1 })
      .skip((q.page - 1) * INBOX_PAGE)
      .limit(INBOX_PAGE)
      .lean<TipDoc[]>(),
  ])
  // The excerpts shown are decrypted content: the entry names every tip on the page.
  const shown = rows.map((t) => String(t._id))
  const detail = { status: q.status ?? null, category: q.category ?? null, from: q.from ?? null, to: q.to ?? null, page: q.page, ids: shown }
  await audit(null, officerId, 'list', JSON.stringify(detail), ctx.deps.clock.now())
  const assignees = await names(rows.map((t) => t.assigneeId))
  const categoryName = await categoryNames(rows.map((t) => t.campaignId))
  const tips = rows.map((t) => {
    const { open, failed } = opener(ctx, t)
    const excerpt = (open('description', t.description) ?? '').slice(0, 40)
    return {
      id: String(t._id),
      category: t.category,
      categoryName: categoryName(t.campaignId, t.category),
      status: t.status,
      statusName: TIP_STATUS_NAMES[t.status as TipStatus],
      anonymous: t.anonymous,
      receivedAt: t.receivedAt.toISOString(),
      attachments: t.attachments.length,
      assigneeId: t.assigneeId ? String(t.assigneeId) : null,
      assigneeName: t.assigneeId ? (assignees.get(String(t.assigneeId)) ?? null) : null,
      excerpt,
      /** Content failed to decrypt (wrong key or tampered): shown flagged, not hidden. */
      unreadable: failed.size > 0,
    }
  })
  return { tips, page: q.page, pageSize: INBOX_PAGE, total }
}

async function loadTip(id: string): Promise<TipDoc> {
  const tip = await Tip.findById(id).lean<TipDoc>()
  if (!tip) throw notFound('线索不存在', 'TIP_NOT_FOUND')
  return tip
}

async function officerView(ctx: TipContext, tip: TipDoc) {
  const { open, failed } = opener(ctx, tip)
  const people = await names([tip.assigneeId, ...tip.notes.map((n) => n.authorId)])
  const contact = open('contact', tip.contact)
  const categoryName = await categoryNames([tip.campaignId])
  const view = {
    id: String(tip._id),
    category: tip.category,
    categoryName: categoryName(tip.campaignId, tip.category),
    status: tip.status,
    statusName: TIP_STATUS_NAMES[tip.status as TipStatus],
    anonymous: tip.anonymous,
    receivedAt: tip.receivedAt.toISOString(),
    description: open('description', tip.description) ?? '',
    location: open('location', tip.location) ?? '',
    occurredAt: open('occurredAt', tip.occurredAt) ?? '',
    people: open('people', tip.people) ?? '',
    contact: contact ? (JSON.parse(contact) as { name: string; phone: string }) : null,
    outcome: open('outcome', tip.outcome),
    attachments: tip.attachments.map((a, index) => ({ index, contentType: a.contentType, size: a.size })),
    timeline: tip.timeline.map((e) => ({ status: e.status, statusName: TIP_STATUS_NAMES[e.status as TipStatus], at: e.at!.toISOString(), note: open('publicNote', e.note) })),
    followUps: tip.followUps.map((f) => ({ at: f.at!.toISOString(), text: open('followUp', f.text) ?? '' })),
    notes: tip.notes.map((n) => ({
      at: n.at!.toISOString(),
      authorId: String(n.authorId),
      authorName: n.authorName ?? people.get(String(n.authorId)) ?? null,
      text: open('note', n.text) ?? '',
    })),
    assigneeId: tip.assigneeId ? String(tip.assigneeId) : null,
    assigneeName: tip.assigneeId ? (people.get(String(tip.assigneeId)) ?? null) : null,
  }
  /** Fields that failed to decrypt (wrong key, tampered, or moved from another tip). */
  return { ...view, unreadable: [...failed] }
}

export async function readTip(ctx: TipContext, officerId: string, id: string) {
  const tip = await loadTip(id)
  await audit(tip._id, officerId, 'read', '', ctx.deps.clock.now())
  return officerView(ctx, tip)
}

export async function readAttachment(ctx: TipContext, officerId: string, id: string, index: number) {
  const tip = await loadTip(id)
  const meta = tip.attachments[index]
  if (!meta?.id) throw notFound('附件不存在', 'ATTACHMENT_NOT_FOUND')
  // Logged before decrypting: an attempt counts even if it fails.
  await audit(tip._id, officerId, 'attachment', `#${index}`, ctx.deps.clock.now())
  const chunks = await TipAttachmentChunk.find({ attachmentId: meta.id }).sort({ n: 1 }).lean()
  const ciphertext = Buffer.concat(chunks.map((c) => Buffer.from((c.data as unknown as { buffer: Uint8Array }).buffer)))
  try {
    const dataKey = ctx.cipher.open(meta.key as Sealed, fieldAad(tip._id, `attachment:${meta.id}`)).toString('utf8')
    return { data: decryptBlob(ciphertext, dataKey, `attachment:${meta.id}`), contentType: meta.contentType! }
  } catch (err) {
    if (!(err instanceof TipDecryptionError)) throw err
    ctx.deps.logger.error({ tipId: String(tip._id), attachment: index, err: err.message }, 'tip image failed to decrypt')
    throw unreadable()
  }
}

const NEXT: Record<TipStatus, TipStatus[]> = { received: ['verifying'], verifying: ['transferred', 'closed'], transferred: ['closed'], closed: [] }

/** The statuses a case may move to next (the workflow; who may move it is in server/policy.ts). */
export const nextStatuses = (status: string): TipStatus[] => NEXT[status as TipStatus] ?? []

export async function changeStatus(ctx: TipContext, officerId: string, id: string, change: { status: TipStatus; publicNote?: string; outcome?: string }) {
  const tip = await loadTip(id)
  const from = tip.status as TipStatus
  if (!NEXT[from].includes(change.status)) {
    throw conflict(`不能从“${TIP_STATUS_NAMES[from]}”变更为“${TIP_STATUS_NAMES[change.status]}”`, 'BAD_TIP_TRANSITION')
  }
  if (change.status === 'closed' && !change.outcome) throw badRequest('办结时请填写处理结果', 'OUTCOME_REQUIRED')
  const now = ctx.deps.clock.now()
  const note = change.publicNote ? ctx.cipher.seal(change.publicNote, fieldAad(tip._id, 'publicNote')) : undefined
  const updated = await Tip.updateOne(
    { _id: tip._id, status: from },
    {
      $set: { status: change.status, ...(change.outcome ? { outcome: ctx.cipher.seal(change.outcome, fieldAad(tip._id, 'outcome')) } : {}) },
      $push: { timeline: { status: change.status, at: tip.anonymous ? toHour(now) : now, ...(note ? { note } : {}) } },
    },
  )
  if (updated.modifiedCount === 0) throw conflict('线索状态已被他人更新，请刷新后重试', 'TIP_CHANGED')
  await audit(tip._id, officerId, 'status', `${from} → ${change.status}`, now)
  return officerView(ctx, await loadTip(id))
}

export async function addNote(ctx: TipContext, officerId: string, id: string, text: string) {
  const tip = await loadTip(id)
  const now = ctx.deps.clock.now()
  await Tip.updateOne(
    { _id: tip._id },
    { $push: { notes: { at: now, authorId: new Types.ObjectId(officerId), authorName: await displayName(officerId), text: ctx.cipher.seal(text, fieldAad(tip._id, 'note')) } } },
  )
  await audit(tip._id, officerId, 'note', '', now)
  return officerView(ctx, await loadTip(id))
}

/** Security officers who can be assigned a case. */
export async function listOfficers() {
  const users = await User.find({ roles: 'security_officer', disabled: { $ne: true } }, { nickname: 1 })
    .sort({ nickname: 1 })
    .lean()
  return users.map((u) => ({ id: String(u._id), name: u.nickname }))
}

export async function assignTip(ctx: TipContext, officerId: string, id: string, assigneeId: string) {
  const tip = await loadTip(id)
  const assignee = await User.findOne({ _id: assigneeId, roles: 'security_officer', disabled: { $ne: true } }, { _id: 1 }).lean()
  if (!assignee) throw badRequest('只能指派给保卫处人员', 'BAD_ASSIGNEE')
  await Tip.updateOne({ _id: tip._id }, { $set: { assigneeId: assignee._id } })
  // The assignee's name as it is now: the log reads the same after a rename.
  await audit(tip._id, officerId, 'assign', `→ ${await displayName(assignee._id)}`, ctx.deps.clock.now())
  return officerView(ctx, await loadTip(id))
}

/** The audit log, newest first, one page at a time; viewing it is itself logged. */
export async function auditLog(ctx: TipContext, officerId: string, q: { tipId?: string; page: number }) {
  if (q.tipId) await loadTip(q.tipId)
  const filter = q.tipId ? { tipId: new Types.ObjectId(q.tipId) } : {}
  const [total, rows] = await Promise.all([
    TipAudit.countDocuments(filter),
    TipAudit.find(filter)
      .sort({ at: -1, _id: 1 })
      .skip((q.page - 1) * AUDIT_PAGE)
      .limit(AUDIT_PAGE)
      .lean(),
  ])
  await audit(q.tipId ? new Types.ObjectId(q.tipId) : null, officerId, 'audit-view', `page ${q.page}`, ctx.deps.clock.now())
  const actors = await names([...rows.filter((r) => !r.actorName).map((r) => r.actorId), ...legacyAssigneeIds(rows.map((r) => ({ action: r.action, detail: r.detail ?? '' })))])
  const entries = rows.map((r) => ({
    ...describeTipAudit(r.action, r.detail ?? '', actors),
    tipId: r.tipId ? String(r.tipId) : null,
    actor: (r.actor ?? 'officer') as 'officer' | 'reporter',
    actorId: r.actorId ? String(r.actorId) : null,
    // Entries written before names were stored fall back to the current name.
    actorName: r.actor === 'reporter' ? '举报人' : (r.actorName ?? actors.get(String(r.actorId)) ?? null),
    action: r.action,
    detail: r.detail,
    at: r.at.toISOString(),
  }))
  return { entries, page: q.page, pageSize: AUDIT_PAGE, total }
}

/** Whether a moment is the start of a Beijing calendar month. */
const isMonthStart = (d: Date) => {
  const local = new Date(d.getTime() + 8 * HOUR)
  return local.getUTCDate() === 1 && local.getTime() % DAY === 0
}

/**
 * Counts by category, status and month (Asia/Shanghai) for the monthly report and admins.
 * Never content, never departments (small departments would point at the reporter), and
 * only over whole months: finer ranges would let differences of counts date single tips.
 */
export async function tipStatistics(campaignId: string | Types.ObjectId, range: { from?: Date; to?: Date } = {}, asOf?: Date) {
  for (const bound of [range.from, range.to]) {
    if (bound && !isMonthStart(bound)) throw badRequest('统计区间只能按整月（北京时间每月 1 日 0 时起）', 'WHOLE_MONTHS_ONLY')
  }
  if (range.from && range.to && range.from >= range.to) throw badRequest('统计区间的开始月份不能晚于结束月份', 'BAD_RANGE')
  // Live figures polled every few minutes would date each new tip to the minute: with `asOf`,
  // a tip is counted from the start of the hour after it was received, as precise as it is kept.
  const end = asOf && (!range.to || toHour(asOf) < range.to) ? toHour(asOf) : range.to
  const match: Record<string, unknown> = { campaignId: new Types.ObjectId(String(campaignId)) }
  if (range.from || end) match.receivedAt = { ...(range.from ? { $gte: range.from } : {}), ...(end ? { $lt: end } : {}) }
  const rows = await Tip.find(match, { category: 1, status: 1, receivedAt: 1 }).lean()
  const count = (key: (t: (typeof rows)[number]) => string) => {
    const out: Record<string, number> = {}
    for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1
    return out
  }
  return { total: rows.length, byCategory: count((r) => r.category), byStatus: count((r) => r.status), byMonth: count((r) => shanghaiMonth(r.receivedAt)) }
}
