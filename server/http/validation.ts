import type mongoose from 'mongoose'
import { z } from 'zod'
import { FIELD_LABELS, PICKED_FIELDS } from '../../contract/labels'
import type { ValidationDetail } from '../../contract/validation'

type Part = ValidationDetail['in']
type Segment = PropertyKey

interface Def {
  type: string
  shape?: Record<string, z.ZodType>
  element?: z.ZodType
  innerType?: z.ZodType
  in?: z.ZodType
  options?: z.ZodType[]
  left?: z.ZodType
  valueType?: z.ZodType
  items?: z.ZodType[]
  getter?: () => z.ZodType
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def

/** Wrappers that hold one schema (optional, default, pipe…): the field's own schema is inside. */
function unwrapOnce(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(schema)
  if (def.type === 'pipe') return def.in
  if (def.type === 'lazy') return def.getter?.()
  if (def.type === 'intersection') return def.left
  return def.innerType
}

/** The title (`.meta({ title })`) on the field's schema or on any wrapper around it. */
function titleOf(schema: z.ZodType | undefined): string | undefined {
  for (let s = schema, depth = 0; s && depth < 10; s = unwrapOnce(s), depth++) {
    const title = z.globalRegistry.get(s)?.title
    if (title) return title
  }
  return undefined
}

function isChoice(schema: z.ZodType | undefined): boolean {
  for (let s = schema, depth = 0; s && depth < 10; s = unwrapOnce(s), depth++) {
    const type = defOf(s).type
    if (type === 'enum' || type === 'literal' || type === 'boolean') return true
    if (type === 'array') return isChoice(defOf(s).element)
  }
  return false
}

/** The schema of the field at `path` inside `schema` (through wrappers, arrays and unions), if it can be found. */
export function schemaAt(schema: z.ZodType | undefined, path: readonly Segment[]): z.ZodType | undefined {
  let current = schema
  for (const segment of path) {
    let next: z.ZodType | undefined
    for (let s = current, depth = 0; s && !next && depth < 10; depth++) {
      const def = defOf(s)
      if (def.type === 'object' && typeof segment === 'string') next = def.shape?.[segment]
      else if (def.type === 'array' && typeof segment === 'number') next = def.element
      else if (def.type === 'record') next = def.valueType
      else if (def.type === 'tuple' && typeof segment === 'number') next = def.items?.[segment]
      else if (def.type === 'union') next = def.options?.map((o) => schemaAt(o, [segment])).find(Boolean)
      if (!next) s = unwrapOnce(s)
      if (!s) break
    }
    if (!next) return undefined
    current = next
  }
  return current
}

const keyPath = (path: readonly Segment[]) => path.filter((s): s is string => typeof s === 'string').join('.')

/** The Chinese name of a field: the schema's title, else FIELD_LABELS by dotted path, then by last key. */
export function fieldLabel(path: readonly Segment[], schema?: z.ZodType): string | undefined {
  const own = titleOf(schemaAt(schema, path))
  if (own) return own
  const dotted = keyPath(path)
  const last = [...path].reverse().find((s): s is string => typeof s === 'string')
  return FIELD_LABELS[dotted] ?? (last ? FIELD_LABELS[last] : undefined)
}

const HAS_CHINESE = /[\u4e00-\u9fff]/
const isMissing = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '')

function valueAt(input: unknown, path: readonly Segment[]): unknown {
  let v = input
  for (const s of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[s]
  }
  return v
}

/** "选项第 2 项：" for `options.1.text`: where in a list the field sits. */
function listPrefix(path: readonly Segment[], schema?: z.ZodType): string {
  const parts: string[] = []
  path.forEach((s, i) => {
    if (typeof s !== 'number') return
    const parent = path.slice(0, i)
    const label = parent.length ? fieldLabel(parent, schema) : undefined
    parts.push(`${label ?? ''}第 ${s + 1} 项`)
  })
  return parts.length ? `${parts.join('、')}：` : ''
}

type Issue = z.core.$ZodIssue

/** How the user supplies the field: picks it, adds items to a list, or types it. */
type Entry = 'pick' | 'add' | 'type'
const ASK: Record<Entry, string> = { pick: '请选择', add: '请添加', type: '请填写' }

function isList(schema: z.ZodType | undefined): boolean {
  for (let s = schema, depth = 0; s && depth < 10; s = unwrapOnce(s), depth++) if (defOf(s).type === 'array') return true
  return false
}

function sentence(issue: Issue, label: string, entry: Entry, missing: boolean): string {
  const picked = entry === 'pick'
  const ask = `${ASK[entry]}${label}`
  switch (issue.code) {
    case 'invalid_type':
      if (missing) return ask
      if (issue.expected === 'number' || issue.expected === 'int') return `${label}须为数字`
      return `${label}格式不正确`
    case 'too_small': {
      const min = Number(issue.minimum)
      if (issue.origin === 'string') return min <= 1 || missing ? ask : `${label}至少 ${min} 个字`
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? ask : `${label}至少 ${min} 项`
      if (issue.origin === 'date') return `${label}不能早于 ${String(issue.minimum)}`
      return issue.inclusive === false ? `${label}须大于 ${min}` : `${label}不能小于 ${min}`
    }
    case 'too_big': {
      const max = Number(issue.maximum)
      if (issue.origin === 'string') return `${label}最多 ${max} 个字`
      if (issue.origin === 'array' || issue.origin === 'set') return `${label}最多 ${max} 项`
      if (issue.origin === 'file') return `${label}太大`
      return issue.inclusive === false ? `${label}须小于 ${max}` : `${label}不能大于 ${max}`
    }
    case 'invalid_value':
      return missing ? ask : picked ? `请选择有效的${label}` : `${label}不正确`
    case 'not_multiple_of':
      return `${label}须为 ${String(issue.divisor)} 的倍数`
    case 'unrecognized_keys':
      return '提交的内容含有无法识别的项'
    default:
      // invalid_format, invalid_union, invalid_key, invalid_element, custom
      return missing ? ask : `${label}格式不正确`
  }
}

/**
 * Turns zod's issues into the VALIDATION_FAILED details: one Chinese sentence per refused field,
 * built from the issue's code and the field's label (or the schema's own Chinese message).
 */
export function describeIssues(issues: readonly Issue[], where: Part, input: unknown, schema?: z.ZodType): ValidationDetail[] {
  return issues.map((issue) => {
    const path = issue.path as Segment[]
    const keys = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path
    const field = keys.map(String).join('.')
    if (HAS_CHINESE.test(issue.message)) return { in: where, field, message: `${listPrefix(path, schema)}${issue.message}` }
    const label = fieldLabel(path, schema) ?? '此项'
    const fieldSchema = schemaAt(schema, path)
    const entry: Entry = PICKED_FIELDS.has(keyPath(path)) || isChoice(fieldSchema) ? 'pick' : isList(fieldSchema) ? 'add' : 'type'
    const message = sentence(issue, label, entry, isMissing(valueAt(input, path)))
    return { in: where, field, message: `${listPrefix(path, schema)}${message}` }
  })
}

/** The answer's top-level message: the first field's, and how many more there are. */
export function summarize(details: readonly ValidationDetail[]): string {
  if (details.length === 0) return '提交的内容不正确'
  return details.length === 1 ? details[0]!.message : `${details[0]!.message}（等 ${details.length} 处问题）`
}

/**
 * The same details for a document mongoose refused after zod let it through (a model rule
 * the contract lacks): the stored path is reported as a body field.
 */
export function mongooseDetails(err: mongoose.Error.ValidationError): ValidationDetail[] {
  return Object.values(err.errors).map((e) => {
    const path = e.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s))
    const label = fieldLabel(path) ?? '此项'
    const kind = 'kind' in e ? String(e.kind) : ''
    const byKind: Record<string, string> = {
      required: PICKED_FIELDS.has(keyPath(path)) ? `请选择${label}` : `请填写${label}`,
      maxlength: `${label}太长`,
      minlength: `${label}太短`,
      enum: `请选择有效的${label}`,
    }
    const message = byKind[kind] ?? (HAS_CHINESE.test(e.message) ? e.message : `${label}不正确`)
    return { in: 'body' as const, field: e.path, message: `${listPrefix(path)}${message}` }
  })
}
