/**
 * The rich-text editor's document (Tiptap/ProseMirror JSON) → the Markdown the server stores
 * in `bodyMarkdown` (rendered and sanitized there by marked + sanitize-html, as for every
 * article). Going the other way needs nothing of ours: the editor opens the server's sanitized
 * `bodyHtml`. Plain TypeScript, unit tested with the server's renderer in
 * tests/client/console-articles.test.ts.
 */
export interface DocNode {
  type?: string
  attrs?: Record<string, unknown>
  content?: DocNode[]
  text?: string
  marks?: { type: string; attrs?: Record<string, unknown> }[]
}

/** Characters Markdown would read as syntax inside text. */
const escapeText = (text: string) => text.replace(/[\\`*_[\]<>~|&]/g, '\\$&')

/** A line starting like a heading, list, quote or rule would turn into one: escape that mark. */
const escapeBlockStart = (line: string) => line.replace(/^(\s*)(\d+)([.)])/, '$1$2\\$3').replace(/^(\s*)([#>+=-])/, '$1\\$2')

const PUNCTUATION_OR_SPACE = /[\s\p{P}\p{S}]/u

/** `**x**` when CommonMark will read it back as emphasis whatever surrounds it, else the HTML tag. */
function emphasis(inner: string, delimiter: string, tag: string): string {
  const first = inner[0] ?? ''
  const last = inner[inner.length - 1] ?? ''
  if (inner && !PUNCTUATION_OR_SPACE.test(first) && !PUNCTUATION_OR_SPACE.test(last)) return `${delimiter}${inner}${delimiter}`
  return `<${tag}>${inner}</${tag}>`
}

const safeUrl = (url: unknown) => (typeof url === 'string' ? url.replace(/[\s<>]/g, encodeURIComponent) : '')

function textWithMarks(node: DocNode): string {
  const marks = node.marks ?? []
  const code = marks.some((m) => m.type === 'code')
  let out = code ? codeSpan(node.text ?? '') : escapeText(node.text ?? '')
  for (const mark of marks) {
    if (mark.type === 'bold') out = emphasis(out, '**', 'strong')
    else if (mark.type === 'italic') out = emphasis(out, '*', 'em')
    else if (mark.type === 'strike') out = emphasis(out, '~~', 'del')
    else if (mark.type === 'underline') out = `<u>${out}</u>`
  }
  const link = marks.find((m) => m.type === 'link')
  if (link) out = `[${out}](<${safeUrl(link.attrs?.href)}>)`
  return out
}

function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

function inline(nodes: DocNode[] = []): string {
  return nodes
    .map((n) => {
      if (n.type === 'text') return textWithMarks(n)
      if (n.type === 'hardBreak') return '\n'
      if (n.type === 'image') return image(n)
      return inline(n.content)
    })
    .join('')
}

function image(n: DocNode): string {
  const alt = typeof n.attrs?.alt === 'string' ? escapeText(n.attrs.alt) : ''
  return `![${alt}](<${safeUrl(n.attrs?.src)}>)`
}

const indent = (text: string, first: string, rest: string) =>
  text
    .split('\n')
    .map((line, i) => (i === 0 ? first : line ? rest : '') + line)
    .join('\n')

function list(node: DocNode, ordered: boolean): string {
  const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1
  return (node.content ?? [])
    .map((item, i) => {
      const marker = ordered ? `${start + i}. ` : '- '
      const body = blocks(item.content ?? [], true)
      return indent(body, marker, ' '.repeat(marker.length))
    })
    .join('\n')
}

function block(node: DocNode): string | null {
  switch (node.type) {
    case 'paragraph': {
      const text = inline(node.content)
      return text.trim() ? text.split('\n').map(escapeBlockStart).join('\n') : null
    }
    case 'heading': {
      const level = Math.min(4, Math.max(1, Number(node.attrs?.level ?? 2)))
      const text = inline(node.content).replace(/\n/g, ' ')
      return text.trim() ? `${'#'.repeat(level)} ${text}` : null
    }
    case 'image':
      return image(node)
    case 'bulletList':
      return list(node, false)
    case 'orderedList':
      return list(node, true)
    case 'blockquote': {
      const inner = blocks(node.content ?? [])
      return inner
        ? inner
            .split('\n')
            .map((line) => (line ? `> ${line}` : '>'))
            .join('\n')
        : null
    }
    case 'codeBlock': {
      const text = (node.content ?? []).map((n) => n.text ?? '').join('')
      const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length))
      const fence = '`'.repeat(longest + 1)
      return `${fence}\n${text}\n${fence}`
    }
    case 'horizontalRule':
      return '---'
    default:
      return node.content ? blocks(node.content) : null
  }
}

/** Blocks one after another; inside a list item a nested list follows its paragraph directly (a tight list). */
function blocks(nodes: DocNode[], tight = false): string {
  let out = ''
  for (const node of nodes) {
    const text = block(node)
    if (text === null) continue
    const nested = tight && (node.type === 'bulletList' || node.type === 'orderedList')
    out += out ? (nested ? '\n' : '\n\n') + text : text
  }
  return out
}

/** The whole document as Markdown ('' for an empty one). */
export function docToMarkdown(doc: DocNode): string {
  return blocks(doc.content ?? [])
}
