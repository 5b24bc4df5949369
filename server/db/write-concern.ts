/**
 * For a write that, in the same request, a durable write follows: it is acknowledged once
 * applied, without waiting for the journal (MongoDB) or the group commit (the embedded
 * engine). Both store writes in order, so the later write's durable acknowledgement covers
 * this one, and the request answers only after that. Saves a disk flush per write on hot paths.
 */
export const FOLLOWED_BY_DURABLE_WRITE = { writeConcern: { w: 1, j: false } } as const

/** The write options a step passes on to its writes: {} (the default, durable) or FOLLOWED_BY_DURABLE_WRITE. */
export type WriteOptions = typeof FOLLOWED_BY_DURABLE_WRITE | Record<string, never>

/**
 * The write whose acknowledgement a request relies on: journaled (MongoDB's default for a
 * standalone server is not) and, on a replica set, on a majority, so a failover cannot take
 * it back. The embedded engine commits every write that does not say `j: false`.
 */
export const DURABLE = { writeConcern: { w: 'majority', j: true } } as const
