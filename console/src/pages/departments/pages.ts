import { ApartmentOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

export const departmentPages: ConsolePage[] = [
  { path: '/departments', name: '部门数据', icon: createElement(ApartmentOutlined), ability: 'metrics.readDepartment', component: lazy(() => import('./DepartmentListPage')) },
  { path: '/departments/:id', name: '部门详情', ability: 'metrics.readDepartment', hideInMenu: true, parent: '/departments', component: lazy(() => import('./DepartmentPage')) },
]
