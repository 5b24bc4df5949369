import { FileTextOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

const editor = lazy(() => import('./ArticleEditPage'))

export const articlePages: ConsolePage[] = [
  { path: '/articles', name: '文章管理', icon: createElement(FileTextOutlined), ability: 'article.publish', component: lazy(() => import('./ArticleListPage')) },
  { path: '/articles/new', name: '新建文章', ability: 'article.publish', hideInMenu: true, parent: '/articles', component: editor },
  { path: '/articles/:id', name: '编辑文章', ability: 'article.publish', hideInMenu: true, parent: '/articles', component: editor },
]
