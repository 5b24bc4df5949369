import { webcrypto } from 'node:crypto'
import { SignJWT, jwtVerify } from 'jose'
import type { Config } from '../../config'

const ISSUER = 'campus-campaign'

const signingKeys = new Map<string, Promise<webcrypto.CryptoKey>>()

/**
 * The HMAC key as a WebCrypto key, imported once per secret: jose works through WebCrypto,
 * and given raw bytes or a Node KeyObject it imports or converts the key on every call.
 */
function signingKey(secret: string): Promise<webcrypto.CryptoKey> {
  let key = signingKeys.get(secret)
  if (!key) {
    key = webcrypto.subtle.importKey('raw', Buffer.from(secret, 'utf8'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
    signingKeys.set(secret, key)
  }
  return key
}

/**
 * Tokens that verified, per secret, with their claims and expiry. A reader's token comes back
 * with every heartbeat, and checking the same bytes' HMAC again was about a sixth of a
 * heartbeat's CPU. The same string can only stop being valid by expiring, which is checked on
 * every use; revocation is the session version, compared with the account on every request.
 */
const verified = new Map<string, Map<string, { claims: TokenClaims; expiresAtMs: number }>>()
/**
 * Entries kept per secret: a campus is about 20,000 readers, one live token each (a few MB).
 * Only tokens that verified get in, so forged ones cannot crowd them out; the oldest go first.
 */
const VERIFIED_MAX = 20_000

function remember(secret: string, token: string, claims: TokenClaims, expiresAtMs: number): void {
  let cache = verified.get(secret)
  if (!cache) verified.set(secret, (cache = new Map()))
  if (cache.size >= VERIFIED_MAX) cache.delete(cache.keys().next().value!)
  cache.set(token, { claims, expiresAtMs })
}

/**
 * `sv` is the account's session version when the token was issued. A password reset, a
 * disable and a role change bump the account's version (users/service.ts), so every token
 * issued before stops working at once (authenticate compares them on each request).
 */
export async function issueToken(config: Config, userId: string, roles: string[], sessionVersion = 0): Promise<string> {
  return new SignJWT({ roles, sv: sessionVersion })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(config.JWT_TTL)
    .sign(await signingKey(config.JWT_SECRET))
}

export interface TokenClaims {
  userId: string
  /** 0 for tokens issued before session versions existed. */
  sessionVersion: number
}

/** Returns the claims, or null for any invalid, expired or foreign token. */
export async function verifyToken(config: Config, token: string): Promise<TokenClaims | null> {
  const cache = verified.get(config.JWT_SECRET)
  const known = cache?.get(token)
  if (known) {
    // jose's rule: valid while exp (whole seconds) is after the current second.
    if (Date.now() < known.expiresAtMs) return known.claims
    cache!.delete(token)
    return null
  }
  try {
    const { payload } = await jwtVerify(token, await signingKey(config.JWT_SECRET), { issuer: ISSUER, algorithms: ['HS256'] })
    if (typeof payload.sub !== 'string') return null
    const sv = payload.sv ?? 0
    if (typeof sv !== 'number' || !Number.isInteger(sv)) return null
    const claims = { userId: payload.sub, sessionVersion: sv }
    if (typeof payload.exp === 'number') remember(config.JWT_SECRET, token, claims, payload.exp * 1000)
    return claims
  } catch {
    return null
  }
}
