import type { AppDeps } from '../deps'
import type { RouteSpec } from '../http/route'
import { articleEntryRoutes } from './articles/entry'
import { articleRoutes } from './articles/routes'
import { officialAccountRoutes } from './auth/official-account'
import { authRoutes } from './auth/routes'
import { campaignRoutes } from './campaigns/routes'
import { channelRoutes } from './channels/routes'
import { demoRoutes } from './demo/routes'
import { departmentRoutes } from './departments/routes'
import { handbookRoutes } from './handbook/routes'
import { healthRoutes } from './health/routes'
import { mediaRoutes } from './media/routes'
import { metricsRoutes } from './metrics/routes'
import { progressRoutes } from './progress/routes'
import { quizRoutes } from './quiz/routes'
import { rosterRoutes } from './roster/routes'
import { tipRoutes } from './tips/routes'
import { userRoutes } from './users/routes'

/** Every feature's routes. A feature adds one line here. */
export function allRoutes(deps: AppDeps): RouteSpec[] {
  return [
    ...healthRoutes,
    ...authRoutes(deps),
    ...officialAccountRoutes(deps),
    ...userRoutes(deps),
    ...departmentRoutes,
    ...campaignRoutes(deps),
    ...articleRoutes(deps),
    ...articleEntryRoutes(deps),
    ...mediaRoutes,
    ...progressRoutes(deps),
    ...tipRoutes(deps),
    ...handbookRoutes(deps),
    ...quizRoutes(deps),
    ...rosterRoutes(deps),
    ...metricsRoutes(deps),
    ...channelRoutes(deps),
    ...demoRoutes(deps),
  ]
}
