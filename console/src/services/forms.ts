import type { FormInstance } from 'antd'
import { fieldErrorsOf, friendlyMessage } from './errors'

/**
 * Puts a failed save's field errors under the form's own fields. Returns the sentence still to
 * show (as a message) for what no field on this form carries, or null when every error found
 * its field.
 */
export function applyServerErrors(form: FormInstance, err: unknown): string | null {
  const fields = fieldErrorsOf(err)
  const known = fields.filter((f) => form.getFieldInstance(f.name) !== undefined || isRegistered(form, f.name))
  form.setFields(known.map((f) => ({ name: f.name, errors: [f.message] })))
  if (known.length && known.length === fields.length) return null
  const rest = fields.filter((f) => !known.includes(f))
  return rest.length ? [...new Set(rest.map((f) => f.message))].join('；') : friendlyMessage(err)
}

function isRegistered(form: FormInstance, name: (string | number)[]): boolean {
  return form.getFieldsError([name]).some((f) => f.name.join('.') === name.join('.'))
}
