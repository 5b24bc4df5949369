/**
 * The article body as the server sends it (`bodyNodes`, see server/modules/articles/render.ts)
 * and the plain-TS decisions about it; src/components/ArticleBody.tsx renders it.
 */
import type { BodyNodeOut as BodyNode } from '@contract/articles'

export type { BodyNode }

/** Server-relative media (/api/media/…) made absolute where the app is not served by the API. */
export const absoluteSrc = (src: string, apiOrigin: string) => (apiOrigin && src.startsWith('/') ? `${apiOrigin}${src}` : src)

/** Every image of the body in reading order: the gallery previewImage swipes through. */
export function imageUrls(nodes: BodyNode[], apiOrigin: string): string[] {
  const out: string[] = []
  const walk = (list: BodyNode[]) => {
    for (const n of list) {
      if (typeof n === 'string') continue
      if (n.t === 'img' && n.a?.src) out.push(absoluteSrc(n.a.src, apiOrigin))
      if (n.c) walk(n.c)
    }
  }
  walk(nodes)
  return out
}

export const BLOCK_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'p', 'blockquote', 'ul', 'ol', 'li', 'pre', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'])

/** The list marker of the i-th item of a list. */
export const listMarker = (listTag: string, index: number) => (listTag === 'ol' ? `${index + 1}. ` : '• ')

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Back to HTML (tables, which are shown with rich-text). */
export function toHtml(node: BodyNode): string {
  if (typeof node === 'string') return esc(node)
  const attrs = Object.entries(node.a ?? {})
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join('')
  return `<${node.t}${attrs}>${(node.c ?? []).map(toHtml).join('')}</${node.t}>`
}
