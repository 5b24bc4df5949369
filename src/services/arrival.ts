/**
 * How the reader reached a page, sent with the article request so the server records the
 * channel of their first open (server/modules/channels). Our own links carry `ch`
 * (pages/article/index?id=…&ch=mp); a 小程序码 hands the page `scene` = "<id>.<ch>"; WeChat's
 * scene number of the current app visit (launch or return to foreground) covers the rest.
 * Plain TypeScript; the app feeds it the scene (app.tsx).
 */
let appScene: number | undefined

/** The scene of the current visit: Taro.getLaunchOptionsSync() at launch, then every onAppShow. */
export function noteAppScene(scene: number | undefined): void {
  if (typeof scene === 'number' && Number.isFinite(scene)) appScene = scene
}

export interface ArticleEntry {
  id: string
  /** Query for GET /api/articles/:id. */
  query: { ch?: string; scene?: number }
}

/** The article id and arrival of an article page from its parameters (id and ch, or a 小程序码's scene). */
export function articleEntry(params: Record<string, string | undefined>, platform: string, scene = appScene): ArticleEntry {
  let id = params.id ?? ''
  let ch = params.ch
  if (!id && params.scene) {
    const m = /^([0-9a-f]{24})(?:\.([a-z]{1,6}))?$/.exec(decodeURIComponent(params.scene))
    if (m) {
      id = m[1]!
      ch ??= m[2]
    }
  }
  if (platform === 'h5') return { id, query: { ch: ch ?? 'h5' } }
  return { id, query: { ...(ch ? { ch } : {}), ...(scene !== undefined ? { scene } : {}) } }
}

/** Paths our shares use, with their channel. */
export const sharePath = (id: string) => `/pages/article/index?id=${id}&ch=share`
export const timelineQuery = (id: string) => `id=${id}&ch=tl`
