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

/** What an entry of the security office's audit log records (server/modules/tips/audit-text.ts reads them out). */
export const TIP_AUDIT_ACTION_NAMES: Record<string, string> = {
  list: '查看收件箱',
  read: '查看线索',
  attachment: '查看图片',
  status: '变更状态',
  note: '内部备注',
  assign: '指派承办人',
  'audit-view': '查看审计日志',
  'follow-up': '举报人补充',
}

/** Changes recorded in the account log (GET /api/admin/audit). */
export const ACCOUNT_AUDIT_ACTION_NAMES: Record<'account-create' | 'account-update' | 'grant-requested' | 'grant-confirmed', string> = {
  'account-create': '新建账号',
  'account-update': '修改账号',
  'grant-requested': '申请保卫处角色',
  'grant-confirmed': '确认保卫处角色',
}

export const QUESTION_TYPE_LABELS: Record<'single' | 'multiple' | 'truefalse', string> = { single: '单选', multiple: '多选', truefalse: '判断' }

export const ARTICLE_STATUS_NAMES: Record<ArticleStatus, string> = { draft: '草稿', scheduled: '定时发布', published: '已发布', archived: '已归档' }

export const PERSON_TYPE_NAMES: Record<'student' | 'staff', string> = { student: '学生', staff: '教职工' }

export const DEPARTMENT_KIND_NAMES: Record<'college' | 'office', string> = { college: '二级学院', office: '处室' }
