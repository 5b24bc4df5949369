import type { Role } from './roles'
import type { TipStatus } from './tips'
import type { ArticleStatus } from './articles'

/**
 * Display names of the wire enums, one place for the server (reports, tip timelines) and the
 * clients. Plain data without zod: the mini-program imports it as a value.
 */
export const ROLE_NAMES: Record<Role, string> = {
  dept_admin: '部门负责人',
  publicity_admin: '宣传管理员',
  security_officer: '保卫处',
  superadmin: '系统管理员',
  reader: '读者',
}

export const TIP_STATUS_NAMES: Record<TipStatus, string> = { received: '已受理', verifying: '核查中', transferred: '已移交公安', closed: '已办结' }

export const ARTICLE_STATUS_NAMES: Record<ArticleStatus, string> = { draft: '草稿', scheduled: '定时发布', published: '已发布', archived: '已归档' }

export const PERSON_TYPE_NAMES: Record<'student' | 'staff', string> = { student: '学生', staff: '教职工' }

export const DEPARTMENT_KIND_NAMES: Record<'college' | 'office', string> = { college: '二级学院', office: '处室' }
