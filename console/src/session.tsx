import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { MeOut } from '@contract/users'
import { api, ApiError, setUnauthorizedHandler, tokenStore } from './services/api'

/** The signed-in admin and the abilities GET /api/me lists (server/policy.ts decides them). */
export interface Session {
  me: MeOut | null
  /** Still asking /api/me for a stored token. */
  loading: boolean
  can(ability: string | readonly string[] | undefined): boolean
  signIn(username: string, password: string): Promise<void>
  signOut(): void
}

const SessionContext = createContext<Session | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<MeOut | null>(null)
  const [loading, setLoading] = useState(() => !!tokenStore.get())

  const signOut = useCallback(() => {
    tokenStore.clear()
    setMe(null)
  }, [])

  useEffect(() => {
    setUnauthorizedHandler(signOut)
    if (tokenStore.get()) {
      api
        .get<MeOut>('/api/me')
        .then(setMe)
        .catch(() => signOut())
        .finally(() => setLoading(false))
    }
    return () => setUnauthorizedHandler(null)
  }, [signOut])

  const signIn = useCallback(async (username: string, password: string) => {
    const { token } = await api.post<{ token: string }>('/api/auth/password', { username, password })
    tokenStore.set(token)
    const who = await api.get<MeOut>('/api/me')
    if (!who.abilities.length) {
      tokenStore.clear()
      throw new ApiError(403, 'NO_ADMIN_ABILITY', '该账号没有管理权限')
    }
    setMe(who)
  }, [])

  const value = useMemo<Session>(() => {
    const abilities = new Set(me?.abilities ?? [])
    return {
      me,
      loading,
      can: (ability) => ability === undefined || (typeof ability === 'string' ? abilities.has(ability) : ability.some((a) => abilities.has(a))),
      signIn,
      signOut,
    }
  }, [me, loading, signIn, signOut])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside SessionProvider')
  return session
}
