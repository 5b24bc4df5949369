import { SafetyCertificateOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

export const grantPages: ConsolePage[] = [
  { path: '/grants', name: '授权确认', icon: createElement(SafetyCertificateOutlined), ability: 'roleGrant.confirm', component: lazy(() => import('./GrantsPage')) },
]
