import type { z } from 'zod'

interface Def {
  type: string
  shape?: Record<string, z.ZodType>
  element?: z.ZodType
  innerType?: z.ZodType
  in?: z.ZodType
  out?: z.ZodType
  options?: z.ZodType[]
  left?: z.ZodType
  right?: z.ZodType
  valueType?: z.ZodType
  items?: z.ZodType[]
  rest?: z.ZodType | null
  getter?: () => z.ZodType
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def

/**
 * Every field a client can send in a schema, as dotted paths of the object keys (array
 * elements and record values add no segment): `{ contact: { name } }` gives `contact` and
 * `contact.name`. Used to check that every field has a display label.
 */
export function schemaFieldPaths(schema: z.ZodType): string[] {
  const found = new Set<string>()
  const seen = new Set<z.ZodType>()
  const walk = (s: z.ZodType | null | undefined, prefix: string[]): void => {
    if (!s || seen.has(s)) return
    seen.add(s)
    const def = defOf(s)
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def.shape ?? {})) {
          const path = [...prefix, key]
          found.add(path.join('.'))
          walk(child, path)
        }
        break
      case 'array':
        walk(def.element, prefix)
        break
      case 'record':
        walk(def.valueType, prefix)
        break
      case 'tuple':
        for (const item of def.items ?? []) walk(item, prefix)
        walk(def.rest, prefix)
        break
      case 'union':
        for (const option of def.options ?? []) walk(option, prefix)
        break
      case 'intersection':
        walk(def.left, prefix)
        walk(def.right, prefix)
        break
      case 'pipe':
        walk(def.in, prefix)
        walk(def.out, prefix)
        break
      case 'lazy':
        walk(def.getter?.(), prefix)
        break
      default:
        walk(def.innerType, prefix)
    }
    seen.delete(s)
  }
  walk(schema, [])
  return [...found]
}
