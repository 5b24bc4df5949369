import { marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

/**
 * Markdown → HTML that is safe to show: no scripts, no event handlers, no javascript:
 * or data: links, images only from http(s) or our own /api/media.
 */
export function renderArticleBody(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true }) as string
  return sanitizeHtml(html, {
    allowedTags: ['h1', 'h2', 'h3', 'h4', 'p', 'br', 'hr', 'strong', 'em', 'b', 'i', 'u', 'del', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span'],
    allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title', 'width', 'height'] },
    allowedSchemes: ['http', 'https'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
  })
}

/** Visible text of the body, for the reading-time estimate. */
export function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
}
