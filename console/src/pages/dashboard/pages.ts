import { BarChartOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

export const dashboardPages: ConsolePage[] = [
  { path: '/dashboard', name: '数据看板', icon: createElement(BarChartOutlined), ability: 'metrics.read', component: lazy(() => import('./DashboardPage')) },
]
