import { articlePages } from './articles/pages'
import { homePages } from './home/pages'
import type { ConsolePage } from './types'

/** Every console page, in menu order. Add a feature's pages here, one line each (docs/console.md). */
export const CONSOLE_PAGES: ConsolePage[] = [...homePages, ...articlePages]
