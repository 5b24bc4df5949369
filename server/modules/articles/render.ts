import type { BodyNodeOut } from '../../../contract/articles'
import { marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

const ALLOWED_TAGS = [
  'h1',
  'h2',
  'h3',
  'h4',
  'p',
  'br',
  'hr',
  'strong',
  'em',
  'b',
  'i',
  'u',
  'del',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'code',
  'pre',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
]
const BASE: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title', 'width', 'height', 'style'] },
  allowedStyles: { img: { 'max-width': [/^100%$/], height: [/^auto$/] } },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
}

/**
 * Markdown → HTML that is safe to show: no scripts, no event handlers, no javascript:
 * or data: links, images only from http(s) or our own /api/media. Images get
 * `max-width:100%;height:auto` so they fit a phone wherever the HTML is shown as is (the
 * editor's preview, WeChat's rich-text).
 */
export function renderArticleBody(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true }) as string
  return sanitizeHtml(html, {
    ...BASE,
    transformTags: { img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, style: 'max-width:100%;height:auto' } }) },
  })
}

/** Visible text of the body, for the reading-time estimate. */
export function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
}

/** The body tree the mini-program renders (its shape is in the contract). */
export type BodyNode = BodyNodeOut

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }
const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
      return Number.isFinite(code) ? String.fromCodePoint(code) : m
    }
    return ENTITIES[e.toLowerCase()] ?? m
  })

/** Containers whose whitespace-only text between children is layout, not content. */
const CONTAINERS = new Set(['ul', 'ol', 'blockquote', 'table', 'thead', 'tbody', 'tr'])
const VOID = new Set(['br', 'hr', 'img'])

/**
 * Parses stored (already sanitized) body HTML into BodyNodes with sanitize-html's own parser
 * events (the same allowlist, so nothing new can get through).
 */
export function bodyNodes(html: string): BodyNode[] {
  const root: { t: string; c: BodyNode[] } = { t: 'root', c: [] }
  const stack: { t: string; c: BodyNode[] }[] = [root]
  const top = () => stack[stack.length - 1]!
  sanitizeHtml(html, {
    ...BASE,
    onOpenTag: (name, attribs) => {
      if (!ALLOWED_TAGS.includes(name)) return
      const keep = (BASE.allowedAttributes as Record<string, string[]>)[name] ?? []
      const a = Object.fromEntries(Object.entries(attribs).filter(([k]) => keep.includes(k) && k !== 'style'))
      const node = { t: name, ...(Object.keys(a).length ? { a } : {}), c: [] as BodyNode[] }
      top().c.push(node)
      if (!VOID.has(name)) stack.push(node)
    },
    onCloseTag: (name) => {
      if (VOID.has(name) || !ALLOWED_TAGS.includes(name)) return
      if (stack.length > 1 && top().t === name) stack.pop()
    },
    textFilter: (text) => {
      const parent = top()
      const value = decode(text)
      const last = parent.c[parent.c.length - 1]
      if (typeof last === 'string') parent.c[parent.c.length - 1] = last + value
      else parent.c.push(value)
      return text
    },
  })
  const tidy = (nodes: BodyNode[], parent: string): BodyNode[] =>
    nodes
      .filter((n) => typeof n !== 'string' || !((CONTAINERS.has(parent) || parent === 'root') && !n.trim()))
      .map((n) => (typeof n === 'string' ? n : { t: n.t, ...(n.a ? { a: n.a } : {}), ...(n.c && n.c.length ? { c: tidy(n.c, n.t) } : {}) }))
  return tidy(root.c, 'root')
}
