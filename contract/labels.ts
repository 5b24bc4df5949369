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

/**
 * Display names of the request fields, for validation messages (请填写标题, 标题最多 100 个字).
 * Looked up by the dotted path without array indices (`contact.name`), then by the last key
 * (`name`). A field whose name means different things on different routes carries its own
 * name in the schema instead: `.meta({ title: '查询码' })` wins over this map.
 * tests/server/validation-messages.test.ts fails when a route's field has neither.
 */
export const FIELD_LABELS: Record<string, string> = {
  // readers: sign-in, binding, tips, reading, quiz
  code: '编号',
  deviceId: '设备编号',
  nickname: '姓名',
  number: '学号或工号',
  name: '名称',
  'contact.name': '联系人',
  'contact.phone': '联系方式',
  contact: '联系方式',
  category: '类别',
  description: '描述',
  location: '地点',
  occurredAt: '发生时间',
  people: '涉及人员',
  anonymous: '匿名方式',
  attachmentIds: '图片',
  secret: '密钥',
  message: '补充内容',
  accepted: '同意的订阅',
  rejected: '拒绝的订阅',
  heartbeats: '阅读记录',
  'heartbeats.at': '记录时间',
  'heartbeats.depth': '阅读深度',
  'heartbeats.engagedSeconds': '阅读时长',
  'heartbeats.item': '阅读内容',
  'heartbeats.item.id': '内容编号',
  'heartbeats.item.kind': '内容类型',
  'heartbeats.seq': '记录序号',
  'heartbeats.sessionId': '阅读会话编号',
  sentAt: '发送时间',
  questionId: '题目编号',
  answerId: '答卷编号',
  selected: '答案',
  mode: '练习方式',
  // lists and links
  id: '编号',
  index: '序号',
  page: '页码',
  sort: '排序方式',
  // the question bank (console 题库) and account list
  chapterId: '章节',
  type: '类型',
  flagged: '只看需关注的题',
  stem: '题干',
  options: '选项',
  answer: '正确答案',
  explanation: '解析',
  basis: '依据',
  difficulty: '难度',
  includeDisabled: '包含已停用账号',
  pageSize: '每页条数',
  q: '搜索内容',
  campaignId: '活动编号',
  ch: '渠道',
  scene: '场景值',
  redirect: '跳转地址',
  state: '状态参数',
  download: '下载方式',
  format: '格式',
  refresh: '刷新方式',
  month: '月份',
  version: '版本',
  from: '开始日期',
  to: '结束日期',
  // console: people, departments, campaigns, articles, exams, tips
  username: '用户名',
  password: '密码',
  roles: '角色',
  role: '角色',
  departmentId: '部门',
  disabled: '停用状态',
  bound: '绑定状态',
  includeInactive: '是否包含停用人员',
  kind: '类型',
  active: '启用状态',
  order: '排序',
  slug: '链接名',
  title: '标题',
  subtitle: '副标题',
  status: '状态',
  startAt: '开始时间',
  endAt: '结束时间',
  settings: '设置',
  'settings.charsPerMinute': '每分钟阅读字数',
  'settings.completionDepth': '读完所需深度',
  'settings.dailyQuizSize': '每日答题题数',
  'settings.engagedShareOfReadingTime': '有效阅读时间占比',
  'settings.minEngagedSeconds': '最短有效阅读时长',
  'settings.passMark': '及格分',
  tipCategories: '举报类别',
  'tipCategories.code': '类别代码',
  'tipCategories.name': '类别名称',
  summary: '摘要',
  bodyMarkdown: '正文',
  coverImageId: '封面图片',
  tags: '标签',
  required: '必读',
  audienceDepartmentIds: '面向部门',
  publishAt: '发布时间',
  opensAt: '开始时间',
  closesAt: '结束时间',
  published: '发布状态',
  passMark: '及格分',
  timeLimitSeconds: '答题时限',
  maxAttempts: '最多作答次数',
  maxLeaves: '最多离开次数',
  lateSubmission: '超时提交方式',
  partialCredit: '部分得分',
  shuffleOptions: '打乱选项',
  shuffleQuestions: '打乱题目',
  blueprint: '抽题规则',
  'blueprint.chapterId': '章节',
  'blueprint.type': '题型',
  'blueprint.count': '题数',
  'blueprint.points': '每题分值',
  assigneeId: '经办人',
  publicNote: '公开说明',
  outcome: '办结结果',
  text: '备注',
}

/** Fields the user picks rather than types: a missing one reads 请选择类别, not 请填写类别. */
export const PICKED_FIELDS: ReadonlySet<string> = new Set([
  'category',
  'anonymous',
  'selected',
  'mode',
  'roles',
  'role',
  'departmentId',
  'kind',
  'status',
  'assigneeId',
  'audienceDepartmentIds',
  'lateSubmission',
  'blueprint.chapterId',
  'blueprint.type',
  'coverImageId',
  'heartbeats.item.kind',
])

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
