import { HomeOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

export const homePages: ConsolePage[] = [{ path: '/', name: '首页', icon: createElement(HomeOutlined), component: lazy(() => import('./HomePage')) }]
