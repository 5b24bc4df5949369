import { useEffect, useState } from 'react'
import { session } from '../services/auth'
import type { UserView as SessionUser } from '@contract/users'

/** The signed-in user (signing in on first use) and any sign-in error. */
export function useSession() {
  const [user, setUser] = useState<SessionUser | null>(session.user)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    const unsubscribe = session.subscribe(setUser)
    session.ensureSignedIn().then(setUser, (e: Error) => setError(e.message))
    return () => {
      unsubscribe()
    }
  }, [])
  return { user, error, session }
}
