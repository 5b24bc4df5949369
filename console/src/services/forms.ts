import type { FormInstance } from 'antd'
import { fieldErrorsOf, friendlyMessage, type FieldError } from './errors'

/**
 * Puts a failed save's field errors under the form's own fields: the field the server names,
 * or the nearest enclosing one the form has (`tags.3` → the tags field). Returns the sentence
 * still to show as a message for what no field on this form carries, or null when every
 * error found its field.
 */
export function applyServerErrors(form: FormInstance, err: unknown): string | null {
  const registered = new Set(form.getFieldsError().map((f) => f.name.join('.')))
  const placed: FieldError[] = []
  const rest: FieldError[] = []
  for (const error of fieldErrorsOf(err)) {
    const name = nearestField(error.name, registered)
    if (name) placed.push({ name, message: error.message })
    else rest.push(error)
  }
  form.setFields(
    [...new Set(placed.map((p) => p.name.join('.')))].map((key) => ({
      name: placed.find((p) => p.name.join('.') === key)!.name,
      errors: [...new Set(placed.filter((p) => p.name.join('.') === key).map((p) => p.message))],
    })),
  )
  if (placed.length && !rest.length) return null
  return rest.length ? [...new Set(rest.map((f) => f.message))].join('；') : friendlyMessage(err)
}

export function nearestField(name: (string | number)[], registered: ReadonlySet<string>): (string | number)[] | null {
  for (let n = name.length; n > 0; n--) if (registered.has(name.slice(0, n).join('.'))) return name.slice(0, n)
  return null
}
