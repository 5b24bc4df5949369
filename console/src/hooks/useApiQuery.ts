import { useCallback, useEffect, useRef, useState } from 'react'

export interface ApiQuery<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  reload(): void
}

/**
 * Loads data for a page. `key` names what is loaded (e.g. `dashboard:2026-11`): a new key loads
 * again, null loads nothing. The latest answer wins; an older one arriving late is dropped.
 */
export function useApiQuery<T>(key: string | null, load: () => Promise<T>): ApiQuery<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: key !== null })
  const [nonce, setNonce] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    if (key === null) return
    let current = true
    setState((s) => ({ data: s.data, loading: true }))
    loadRef.current().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    )
    return () => {
      current = false
    }
  }, [key, nonce])

  const reload = useCallback(() => setNonce((n) => n + 1), [])
  return { data: state.data, error: state.error, loading: state.loading, reload }
}
