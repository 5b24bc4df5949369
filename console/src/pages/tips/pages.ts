import { FileSearchOutlined, SafetyOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

export const tipPages: ConsolePage[] = [
  { path: '/tips', name: '线索', icon: createElement(SafetyOutlined), ability: 'tip.read', component: lazy(() => import('./TipInboxPage')) },
  { path: '/tip-audit', name: '线索审计日志', icon: createElement(FileSearchOutlined), ability: 'tip.read', component: lazy(() => import('./TipAuditPage')) },
  { path: '/tips/:id', name: '线索详情', ability: 'tip.read', hideInMenu: true, parent: '/tips', component: lazy(() => import('./TipCasePage')) },
]
