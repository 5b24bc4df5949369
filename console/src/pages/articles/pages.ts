import { FileTextOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

export const articlePages: ConsolePage[] = [
  { path: '/articles', name: '文章管理', icon: createElement(FileTextOutlined), ability: 'article.publish', component: lazy(() => import('./ArticleListPage')) },
]
