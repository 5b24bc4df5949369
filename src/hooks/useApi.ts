import { useCallback, useEffect, useState } from 'react'
import { ensureSignedIn } from '../services/auth'
import { friendlyMessage } from '../services/errors'

/** Loads data once signed in; `reload` fetches again. Errors are Chinese sentences ready to show (services/errors.ts). */
export function useApi<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const reload = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      await ensureSignedIn()
      setData(await load())
    } catch (e) {
      setError(friendlyMessage(e))
    } finally {
      setLoading(false)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)
  useEffect(() => {
    void reload()
  }, [reload])
  return { data, error, loading, reload, setData }
}
