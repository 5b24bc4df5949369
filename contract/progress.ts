import { z } from 'zod'
import { objectId } from './common'

export const itemRef = z.object({ kind: z.enum(['article', 'chapter']), id: objectId }).strict()

export const heartbeat = z
  .object({
    sessionId: z.string().regex(/^[\w-]{8,64}$/, 'sessionId 格式不正确'),
    seq: z.number().int().min(0).max(1_000_000),
    item: itemRef,
    /** Deepest scroll position reached in this session, 0–1. */
    depth: z.number().min(0).max(1),
    /** Engaged seconds since this session's previous heartbeat. */
    engagedSeconds: z.number().min(0).max(3600),
    /** Client time (ms since epoch) the heartbeat was made; trusted within limits (docs/architecture.md, "Progress"). */
    at: z.number().int().positive().optional(),
  })
  .strict()

export const heartbeatBatch = z
  .object({
    heartbeats: z.array(heartbeat).min(1).max(100),
    /** Client time (ms since epoch) the batch was sent: gives the client clock's offset. */
    sentAt: z.number().int().positive().optional(),
  })
  .strict()
export type Heartbeat = z.infer<typeof heartbeat>
export type HeartbeatIn = z.input<typeof heartbeat>
export type ItemRef = z.infer<typeof itemRef>

export const itemStateOut = z.strictObject({ itemKey: z.string(), maxDepth: z.number(), engagedSeconds: z.number(), completed: z.boolean() })
export type ItemStateOut = z.infer<typeof itemStateOut>

const ack = z.strictObject({ sessionId: z.string(), seq: z.number().int() })
/** Which heartbeats were saved (only those are acknowledged) and where each item now stands. */
export const heartbeatResultOut = z.strictObject({ accepted: z.array(ack), rejected: z.array(ack.extend({ reason: z.string() })), items: z.array(itemStateOut) })
export type HeartbeatResultOut = z.infer<typeof heartbeatResultOut>
