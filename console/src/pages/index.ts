import { articlePages } from './articles/pages'
import { dashboardPages } from './dashboard/pages'
import { demoPages } from './demo/pages'
import { departmentPages } from './departments/pages'
import { examPages } from './exams/pages'
import { grantPages } from './grants/pages'
import { homePages } from './home/pages'
import { questionPages } from './questions/pages'
import { reportPages } from './reports/pages'
import { rosterPages } from './roster/pages'
import { tipPages } from './tips/pages'
import { userPages } from './users/pages'
import type { ConsolePage } from './types'

/** Every console page, in menu order. Add a feature's pages here, one line each (docs/console.md). */
export const CONSOLE_PAGES: ConsolePage[] = [
  ...homePages,
  ...dashboardPages,
  ...departmentPages,
  ...reportPages,
  ...articlePages,
  ...rosterPages,
  ...questionPages,
  ...examPages,
  ...tipPages,
  ...userPages,
  ...grantPages,
  ...demoPages,
]
