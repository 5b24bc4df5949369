/**
 * Tells whether an answer is still wanted: only the latest of a series of loads counts. A table
 * that reloads after an action must not be overwritten by an earlier, slower load that still
 * shows the state from before the action (ProTable sets whatever rows arrive, in arrival order).
 */
export function latestOnly(): <T>(load: () => Promise<T>) => Promise<{ current: true; value: T } | { current: false }> {
  let latest = 0
  return async (load) => {
    const mine = ++latest
    try {
      const value = await load()
      return mine === latest ? { current: true, value } : { current: false }
    } catch (err) {
      // A superseded load's failure is as outdated as its rows.
      if (mine !== latest) return { current: false }
      throw err
    }
  }
}
