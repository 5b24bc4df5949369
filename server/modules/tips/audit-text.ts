import { TIP_AUDIT_ACTION_NAMES, TIP_STATUS_NAMES } from '../../../contract/labels'
import type { TipStatus } from '../../../contract/tips'

/**
 * The security office's audit log in plain Chinese. Entries keep what was stored at the time
 * (action code, detail); this reads them out without ids or state codes. `names` resolves an
 * assignee id only for entries written before assignee names were stored with the entry.
 */
export function describeTipAudit(action: string, detail: string, names: ReadonlyMap<string, string> = new Map()): { actionName: string; summary: string } {
  const actionName = TIP_AUDIT_ACTION_NAMES[action] ?? '其他操作'
  switch (action) {
    case 'list': {
      const shown = parseList(detail)
      return { actionName, summary: shown === null ? '查看了线索收件箱' : `查看了线索收件箱第 ${shown.page} 页（${shown.count} 条线索）` }
    }
    case 'read':
      return { actionName, summary: '查看了线索详情' }
    case 'attachment': {
      const n = /^#(\d+)$/.exec(detail)
      return { actionName, summary: n ? `查看了第 ${Number(n[1]) + 1} 张图片` : '查看了图片' }
    }
    case 'status': {
      const m = /^(\w+) → (\w+)$/.exec(detail)
      const name = (s: string) => TIP_STATUS_NAMES[s as TipStatus] ?? '未知状态'
      return { actionName, summary: m ? `状态由“${name(m[1])}”变更为“${name(m[2])}”` : '变更了处理状态' }
    }
    case 'note':
      return { actionName, summary: '添加了内部备注' }
    case 'assign': {
      // Stored as "→ <name>" since names are kept; older entries hold "→ <user id>".
      const to = detail.replace(/^→\s*/, '')
      const who = /^[0-9a-f]{24}$/i.test(to) ? names.get(to) : to
      return { actionName, summary: who ? `指派给 ${who}` : '指派了承办人' }
    }
    case 'audit-view': {
      const n = /^page (\d+)$/.exec(detail)
      return { actionName, summary: n ? `查看了审计日志第 ${n[1]} 页` : '查看了审计日志' }
    }
    case 'follow-up':
      return { actionName, summary: '举报人补充了线索' }
    default:
      return { actionName, summary: actionName }
  }
}

function parseList(detail: string): { page: number; count: number } | null {
  try {
    const d = JSON.parse(detail) as { page?: unknown; ids?: unknown }
    return { page: Number(d.page) || 1, count: Array.isArray(d.ids) ? d.ids.length : 0 }
  } catch {
    return null
  }
}

/** Legacy assign entries name the assignee by id: the ids to resolve. */
export const legacyAssigneeIds = (entries: readonly { action: string; detail: string }[]) =>
  entries.filter((e) => e.action === 'assign' && /^→\s*[0-9a-f]{24}$/i.test(e.detail)).map((e) => e.detail.replace(/^→\s*/, ''))
