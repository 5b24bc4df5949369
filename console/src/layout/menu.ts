import type { ConsolePage } from '../pages/types'

export interface MenuRoute {
  path: string
  name: string
  icon?: ConsolePage['icon']
  hideInMenu?: boolean
  routes?: MenuRoute[]
}

/**
 * The layout's route tree: the pages this admin may open (by ability), each under its parent
 * so breadcrumbs read 文章管理 / 编辑文章. Plain TypeScript, unit tested.
 */
export function menuRoutes(pages: readonly ConsolePage[], can: (ability: ConsolePage['ability']) => boolean): MenuRoute[] {
  const allowed = pages.filter((p) => can(p.ability))
  const nodes = new Map<string, MenuRoute>(allowed.map((p) => [p.path, { path: p.path, name: p.name, icon: p.icon, hideInMenu: p.hideInMenu }]))
  const roots: MenuRoute[] = []
  for (const page of allowed) {
    const node = nodes.get(page.path)!
    const parent = page.parent ? nodes.get(page.parent) : undefined
    if (parent) (parent.routes ??= []).push(node)
    else roots.push(node)
  }
  return roots
}
