import type { ComponentType, LazyExoticComponent, ReactNode } from 'react'

/**
 * One console page: where it lives, its name in the menu and breadcrumb, and the ability
 * (from GET /api/me) it needs. Pages register in pages/index.ts; the menu, the routes and the
 * breadcrumbs are all built from that list.
 */
export interface ConsolePage {
  /** Absolute path below /admin, e.g. '/articles/:id'. */
  path: string
  /** Chinese name: menu entry, breadcrumb and document title. */
  name: string
  icon?: ReactNode
  /** Needed ability (any of a list); undefined = every signed-in admin. */
  ability?: string | readonly string[]
  component: LazyExoticComponent<ComponentType>
  /** Pages reached from another page (editors, details) are not in the menu. */
  hideInMenu?: boolean
  /** The path of the page this one sits under in the breadcrumb, e.g. '/articles' for '/articles/:id'. */
  parent?: string
}
