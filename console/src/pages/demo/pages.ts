import { ExperimentOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

export const demoPages: ConsolePage[] = [
  { path: '/demo', name: '演示数据', icon: createElement(ExperimentOutlined), ability: 'demo.manage', component: lazy(() => import('./DemoPage')) },
]
