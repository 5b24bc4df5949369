/** A colour of the design tokens (src/styles/tokens.css, the one file that writes colours). */
export function tokenColor(css: string, name: string): string {
  const m = new RegExp(`--${name}:\\s*([^;]+);`).exec(css)
  if (!m) throw new Error(`design token --${name} is missing from src/styles/tokens.css`)
  return m[1]!.trim()
}
