import { TeamOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

export const rosterPages: ConsolePage[] = [
  { path: '/roster', name: '花名册', icon: createElement(TeamOutlined), ability: 'roster.manage', component: lazy(() => import('./RosterPage')) },
]
