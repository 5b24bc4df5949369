/** A name the client gives something it sends, so that a resend is recognised as the same (e.g. an answer). */
export function clientId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
}
