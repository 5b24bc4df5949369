import { z } from 'zod'

/**
 * One refused field of a 400 VALIDATION_FAILED answer. `field` is the dotted path inside that
 * part of the request (`category`, `contact.phone`, `options.0.text`); `message` is a Chinese
 * sentence ready to show next to the field. Clients map `field` to their form fields and never
 * show the path itself.
 */
export const validationDetail = z.strictObject({
  in: z.enum(['body', 'query', 'params']),
  field: z.string(),
  message: z.string(),
})
export type ValidationDetail = z.infer<typeof validationDetail>

/** `{ error: { code: 'VALIDATION_FAILED', message, details } }`: `message` is the first field's message. */
export const validationErrorOut = z.strictObject({
  error: z.strictObject({ code: z.literal('VALIDATION_FAILED'), message: z.string(), details: z.array(validationDetail) }),
})
export type ValidationErrorOut = z.infer<typeof validationErrorOut>
