import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { ConfigError } from '../../config'

/**
 * AES-256-GCM for tip content at rest. Every value gets a fresh 96-bit nonce and carries
 * the id of the key that sealed it, so keys can be rotated: TIP_ENCRYPTION_KEY is either
 * one base64 key (id "k1") or "id:base64,id2:base64" — the first encrypts, all decrypt.
 */
export interface Sealed {
  /** key id */
  k: string
  /** nonce, base64 */
  n: string
  /** ciphertext, base64 */
  c: string
  /** GCM auth tag, base64 */
  t: string
}

/** A sealed value as it comes back from the database (every field optional). */
export type StoredSealed = { [K in keyof Sealed]?: string | null }

export class TipDecryptionError extends Error {}

export interface TipCipher {
  seal(plain: string | Buffer): Sealed
  open(value: Sealed): Buffer
  /** Opens a stored value as text; absent fields (optional ones left empty) give null. */
  openText(value: StoredSealed | null | undefined): string | null
  /** Keyed hash for rate-limit buckets: not reversible, not joinable without the key. */
  pseudonym(value: string): string
}

export function parseTipKeys(spec: string): { id: string; key: Buffer }[] {
  const parts = spec.includes(':') ? spec.split(',') : [`k1:${spec}`]
  const keys = parts.map((part) => {
    const [id, b64] = part.split(':')
    const key = Buffer.from(b64 ?? '', 'base64')
    if (!id || key.length !== 32) throw new ConfigError(`TIP_ENCRYPTION_KEY: key "${id}" must be base64 of exactly 32 bytes`)
    return { id, key }
  })
  return keys
}

export function createTipCipher(spec: string): TipCipher {
  const keys = parseTipKeys(spec)
  const byId = new Map(keys.map((k) => [k.id, k.key]))
  const current = keys[0]
  return {
    seal(plain) {
      const nonce = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce)
      const c = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()])
      return { k: current.id, n: nonce.toString('base64'), c: c.toString('base64'), t: cipher.getAuthTag().toString('base64') }
    },
    open(value) {
      const key = byId.get(value.k)
      if (!key) throw new TipDecryptionError(`no key "${value.k}" is configured to decrypt this tip`)
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(value.n, 'base64'))
        decipher.setAuthTag(Buffer.from(value.t, 'base64'))
        return Buffer.concat([decipher.update(Buffer.from(value.c, 'base64')), decipher.final()])
      } catch {
        throw new TipDecryptionError('tip content failed authentication: wrong key or tampered data')
      }
    },
    openText(value) {
      if (!value?.k || !value.n || !value.c || !value.t) return null
      return this.open(value as Sealed).toString('utf8')
    },
    pseudonym(value) {
      return createHmac('sha256', current.key).update(`rate:${value}`).digest('base64url').slice(0, 32)
    },
  }
}
