/**
 * Developer text that must never reach an admin's screen: schema paths (`body.title`),
 * workflow state ids (`verifying → closed`), raw database ids and the validator's English.
 * The console's error messages are filtered through `isDeveloperText`, and the browser tests
 * scan every console screen's rendered text with the same patterns (tests/helpers/console.ts).
 */
export const DEVELOPER_TEXT_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'schema path', pattern: /\b(body|params|query)\.[A-Za-z_]/ },
  { name: 'state id transition', pattern: /\b[a-z][a-z_]+\s*(→|->)\s*[a-z][a-z_]+\b/ },
  { name: 'raw id', pattern: /\b[0-9a-f]{24}\b/i },
  {
    name: 'English validator text',
    pattern: /\b(Invalid input|Invalid (string|enum|type|date)|Required|Expected [a-z]+|too (small|big)|must (be|contain|have)|is required|Unrecognized key|String must)\b/i,
  },
]

/** The patterns a text matches (empty: nothing developer-only in it). */
export function developerTextIn(text: string): { name: string; match: string }[] {
  return DEVELOPER_TEXT_PATTERNS.flatMap(({ name, pattern }) => {
    const m = pattern.exec(text)
    return m ? [{ name, match: m[0] }] : []
  })
}

const HAS_CHINESE = /[\u4e00-\u9fff]/

/** A message not to show as it is: developer text, or no Chinese at all. */
export function isDeveloperText(text: string): boolean {
  return developerTextIn(text).length > 0 || !HAS_CHINESE.test(text)
}
