import { FileExcelOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

export const reportPages: ConsolePage[] = [
  { path: '/reports', name: '月报表', icon: createElement(FileExcelOutlined), ability: 'metrics.readDepartment', component: lazy(() => import('./ReportsPage')) },
]
