import { TrophyOutlined } from '@ant-design/icons'
import { createElement, lazy } from 'react'
import type { ConsolePage } from '../types'

export const examPages: ConsolePage[] = [
  { path: '/exams', name: '考试', icon: createElement(TrophyOutlined), ability: 'quiz.manage', component: lazy(() => import('./ExamListPage')) },
  { path: '/exams/new', name: '新建竞赛', ability: 'quiz.manage', hideInMenu: true, parent: '/exams', component: lazy(() => import('./ExamEditPage')) },
  { path: '/exams/:id', name: '编辑竞赛', ability: 'quiz.manage', hideInMenu: true, parent: '/exams', component: lazy(() => import('./ExamEditPage')) },
  { path: '/exams/:id/statistics', name: '试题分析', ability: 'quiz.manage', hideInMenu: true, parent: '/exams', component: lazy(() => import('./ExamStatsPage')) },
]
