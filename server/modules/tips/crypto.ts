import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { ConfigError } from '../../config'

/**
 * AES-256-GCM for tip content at rest. Every value gets a fresh 96-bit nonce and carries
 * the id of the key that sealed it, so keys can be rotated: TIP_ENCRYPTION_KEY is either
 * one base64 key (id "k1") or "id:base64,id2:base64" — the first encrypts, all decrypt.
 *
 * The configured key is never used directly: HKDF-SHA256 derives one subkey for encryption
 * and another for the keyed hash of tracking codes. Every value is sealed with additional
 * authenticated data naming where it belongs (`<tipId>:<field>`), so a ciphertext copied
 * into another tip or another field fails authentication instead of being shown there.
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

/** Fields of a tip that are sealed; each is bound to its tip and its name. */
export type TipField = 'description' | 'location' | 'occurredAt' | 'people' | 'contact' | 'outcome' | 'publicNote' | 'followUp' | 'note' | `attachment:${string}`

/** The additional authenticated data of one field of one tip. */
export const fieldAad = (tipId: unknown, field: TipField) => `${String(tipId)}:${field}`

export interface TipCipher {
  seal(plain: string | Buffer, aad: string): Sealed
  open(value: Sealed, aad: string): Buffer
  /** Opens a stored value as text; absent fields (optional ones left empty) give null. */
  openText(value: StoredSealed | null | undefined, aad: string): string | null
  /** Keyed hashes (HMAC-SHA256) of a value, one per configured key, the current key first. */
  lookupHashes(value: string): string[]
}

export function parseTipKeys(spec: string): { id: string; key: Buffer }[] {
  const parts = spec.includes(':') ? spec.split(',') : [`k1:${spec}`]
  const keys = parts.map((part) => {
    const [id, b64] = part.split(':')
    const key = Buffer.from(b64 ?? '', 'base64')
    if (!id || key.length !== 32) throw new ConfigError(`TIP_ENCRYPTION_KEY: key "${id}" must be base64 of exactly 32 bytes`)
    return { id, key }
  })
  // A repeated id would encrypt under the first key and decrypt under the last: new values unreadable.
  const repeated = keys.find((k, i) => keys.findIndex((o) => o.id === k.id) !== i)
  if (repeated) throw new ConfigError(`TIP_ENCRYPTION_KEY: key id "${repeated.id}" is given twice`)
  return keys
}

/** One purpose, one key: HKDF-SHA256 with the purpose as info. */
function subkey(master: Buffer, purpose: 'encrypt' | 'code-hash'): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `campus-campaign tips ${purpose} v1`, 32))
}

export function createTipCipher(spec: string): TipCipher {
  const keys = parseTipKeys(spec).map(({ id, key }) => ({ id, enc: subkey(key, 'encrypt'), mac: subkey(key, 'code-hash') }))
  const byId = new Map(keys.map((k) => [k.id, k]))
  const current = keys[0]
  return {
    seal(plain, aad) {
      const nonce = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', current.enc, nonce)
      cipher.setAAD(Buffer.from(aad, 'utf8'))
      const c = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()])
      return { k: current.id, n: nonce.toString('base64'), c: c.toString('base64'), t: cipher.getAuthTag().toString('base64') }
    },
    open(value, aad) {
      const key = byId.get(value.k)
      if (!key) throw new TipDecryptionError(`no key "${value.k}" is configured to decrypt this tip`)
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.enc, Buffer.from(value.n, 'base64'))
        decipher.setAAD(Buffer.from(aad, 'utf8'))
        decipher.setAuthTag(Buffer.from(value.t, 'base64'))
        return Buffer.concat([decipher.update(Buffer.from(value.c, 'base64')), decipher.final()])
      } catch {
        throw new TipDecryptionError(`tip content (${aad.split(':').slice(1).join(':')}) failed authentication: wrong key, tampered data, or a value moved from another tip`)
      }
    },
    openText(value, aad) {
      if (!value?.k || !value.n || !value.c || !value.t) return null
      return this.open(value as Sealed, aad).toString('utf8')
    },
    lookupHashes(value) {
      return keys.map((k) => createHmac('sha256', k.mac).update(value).digest('hex'))
    },
  }
}

/**
 * Images are encrypted once, at upload, under a random per-image data key (AES-256-GCM,
 * bound to the attachment id). Only the small data key is sealed with the tip key: under
 * `upload:<id>` while the draft is pending, and re-sealed under `<tipId>:attachment:<id>`
 * when the tip is submitted — so an image listed under another tip cannot be opened there.
 */
export interface EncryptedBlob {
  ciphertext: Buffer
  /** data key, nonce and tag (base64 JSON): seal this with the tip cipher. */
  dataKey: string
}

export function encryptBlob(data: Buffer, aad: string): EncryptedBlob {
  const key = randomBytes(32)
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(Buffer.from(aad, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()])
  const dataKey = JSON.stringify({ k: key.toString('base64'), n: nonce.toString('base64'), t: cipher.getAuthTag().toString('base64') })
  return { ciphertext, dataKey }
}

export function decryptBlob(ciphertext: Buffer, dataKey: string, aad: string): Buffer {
  try {
    const { k, n, t } = JSON.parse(dataKey) as { k: string; n: string; t: string }
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(k, 'base64'), Buffer.from(n, 'base64'))
    decipher.setAAD(Buffer.from(aad, 'utf8'))
    decipher.setAuthTag(Buffer.from(t, 'base64'))
    return Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    throw new TipDecryptionError('tip image failed authentication: tampered or incomplete data')
  }
}
