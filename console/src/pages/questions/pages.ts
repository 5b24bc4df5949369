import { BookOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

export const questionPages: ConsolePage[] = [
  { path: '/questions', name: '题库', icon: createElement(BookOutlined), ability: 'handbook.manage', component: lazy(() => import('./QuestionListPage')) },
  { path: '/questions/:id', name: '编辑题目', ability: 'handbook.manage', hideInMenu: true, parent: '/questions', component: lazy(() => import('./QuestionEditPage')) },
]
