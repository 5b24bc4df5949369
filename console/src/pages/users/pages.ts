import { AuditOutlined, UserOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

export const userPages: ConsolePage[] = [
  { path: '/users', name: '账号', icon: createElement(UserOutlined), ability: 'users.manage', component: lazy(() => import('./AccountListPage')) },
  { path: '/account-log', name: '账号变更日志', icon: createElement(AuditOutlined), ability: 'accountAudit.read', component: lazy(() => import('./AccountLogPage')) },
]
