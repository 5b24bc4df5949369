import type { ApiClient } from './request'
import type { SessionOut, UserView as SessionUser } from '@contract/users'

export type SignInMethod = { kind: 'wechat'; getCode: () => Promise<string> } | { kind: 'official-account'; code: string } | { kind: 'dev'; deviceId: string }

/**
 * Keeps one sign-in in flight at a time and remembers the user. Plain TypeScript: the
 * Taro parts (wx.login, storage) are passed in.
 *
 * When a request gets 401 mid-session (token expired or revoked), the user is cleared and a
 * reader signs in again (wx.login in WeChat, the development sign-in in H5), after which the
 * request is sent once more. An admin's password session is not renewed behind their back:
 * they see the sign-in form again.
 */
export function createSession(client: ApiClient, method: () => Promise<SignInMethod>) {
  let current: SessionUser | null = null
  let inFlight: Promise<SessionUser> | null = null
  const listeners = new Set<(u: SessionUser | null) => void>()
  const emit = () => listeners.forEach((l) => l(current))

  async function signIn(): Promise<SessionUser> {
    const how = await method()
    const res =
      how.kind === 'wechat'
        ? await client.post<SessionOut>('/auth/wechat', { code: await how.getCode() }, { reauth: false })
        : how.kind === 'official-account'
          ? await client.post<SessionOut>('/auth/official-account', { code: how.code }, { reauth: false })
          : await client.post<SessionOut>('/auth/dev', { deviceId: how.deviceId }, { reauth: false })
    client.setToken(res.token)
    current = res.user
    emit()
    return res.user
  }

  /** Resolves with the signed-in user, signing in when there is no valid token. */
  function ensureSignedIn(): Promise<SessionUser> {
    if (current) return Promise.resolve(current)
    inFlight ??= (async () => {
      try {
        if (client.getToken()) {
          try {
            // No renewal inside: a 401 here falls through to signing in below.
            current = (await client.get<{ user: SessionUser }>('/me', { reauth: false })).user
            emit()
            return current
          } catch {
            /* expired or revoked token: sign in again */
          }
        }
        return await signIn()
      } finally {
        inFlight = null
      }
    })()
    return inFlight
  }

  client.setReauthenticate(async (failedToken) => {
    const stored = client.getToken()
    if (stored && stored !== failedToken) return true // another call already signed in again
    // Password accounts (admins) have a username; they sign in again themselves.
    const passwordSession = !!current?.username
    current = null
    emit()
    if (passwordSession) return false
    await ensureSignedIn()
    return true
  })

  return {
    ensureSignedIn,
    /** Admin sign-in with username and password replaces the reader session in this app. */
    async signInWithPassword(username: string, password: string): Promise<SessionUser> {
      const res = await client.post<SessionOut>('/auth/password', { username, password }, { reauth: false })
      client.setToken(res.token)
      current = res.user
      emit()
      return res.user
    },
    async refresh(): Promise<SessionUser> {
      current = (await client.get<{ user: SessionUser }>('/me')).user
      emit()
      return current
    },
    update(user: SessionUser) {
      current = user
      emit()
    },
    signOut() {
      client.clearToken()
      current = null
      emit()
    },
    get user() {
      return current
    },
    subscribe(listener: (u: SessionUser | null) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
