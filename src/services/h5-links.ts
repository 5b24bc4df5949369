/**
 * Taro's H5 tab bar writes its tabs as `<a href="javascript:;">`. Our Content-Security-Policy
 * allows no inline script, so every tap logged a CSP violation. The tabs navigate through their
 * click handlers; the `javascript:` href only has to go (also when the tab bar re-renders).
 */
export function dropScriptHrefs(root: Document): () => void {
  const fix = () => {
    for (const a of Array.from(root.querySelectorAll('a[href^="javascript:"]'))) {
      a.removeAttribute('href')
      a.setAttribute('role', 'link')
      a.setAttribute('tabindex', '0')
    }
  }
  fix()
  const observer = new MutationObserver(fix)
  observer.observe(root.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['href'] })
  return () => observer.disconnect()
}
