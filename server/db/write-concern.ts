/**
 * For a write that, in the same request, a durable write follows: it is acknowledged once
 * applied, without waiting for the journal (MongoDB) or the group commit (the embedded
 * engine). Both store writes in order, so the later write's durable acknowledgement covers
 * this one, and the request answers only after that. Saves a disk flush per write on hot paths.
 */
export const FOLLOWED_BY_DURABLE_WRITE = { writeConcern: { w: 1, j: false } } as const
