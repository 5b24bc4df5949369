import { SignJWT, jwtVerify } from 'jose'
import type { Config } from '../../config'

const ISSUER = 'campus-campaign'

export async function issueToken(config: Config, userId: string, roles: string[]): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(config.JWT_TTL)
    .sign(new TextEncoder().encode(config.JWT_SECRET))
}

/** Returns the user id, or null for any invalid, expired or foreign token. */
export async function verifyToken(config: Config, token: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(config.JWT_SECRET), { issuer: ISSUER, algorithms: ['HS256'] })
    return typeof payload.sub === 'string' ? payload.sub : null
  } catch {
    return null
  }
}
