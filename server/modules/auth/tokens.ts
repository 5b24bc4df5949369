import { createSecretKey, type KeyObject } from 'node:crypto'
import { SignJWT, jwtVerify } from 'jose'
import type { Config } from '../../config'

const ISSUER = 'campus-campaign'

const signingKeys = new Map<string, KeyObject>()

/**
 * The HMAC key as a Node KeyObject, made once per secret: given raw bytes, jose imports them
 * through WebCrypto on every call, which was about a fifth of a heartbeat's CPU.
 */
function signingKey(secret: string): KeyObject {
  let key = signingKeys.get(secret)
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'))
    signingKeys.set(secret, key)
  }
  return key
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
    .sign(signingKey(config.JWT_SECRET))
}

export interface TokenClaims {
  userId: string
  /** 0 for tokens issued before session versions existed. */
  sessionVersion: number
}

/** Returns the claims, or null for any invalid, expired or foreign token. */
export async function verifyToken(config: Config, token: string): Promise<TokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(config.JWT_SECRET), { issuer: ISSUER, algorithms: ['HS256'] })
    if (typeof payload.sub !== 'string') return null
    const sv = payload.sv ?? 0
    return typeof sv === 'number' && Number.isInteger(sv) ? { userId: payload.sub, sessionVersion: sv } : null
  } catch {
    return null
  }
}
