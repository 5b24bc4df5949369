/**
 * The mini-program's small admin (src/admin): a department head's own figures and 发而未看 list,
 * and a security officer's count of new tips. Everything else is the desktop console, served
 * by the same server at /admin/.
 */

/** Where the desktop console is: the API origin the app talks to (same server), or this page's origin in H5. */
export function consoleUrl(apiBase: string, pageOrigin: string | null): string {
  const origin = (apiBase || pageOrigin || '').replace(/\/+$/, '')
  return `${origin}/admin/`
}

/** Abilities the phone pages serve; any other ability is work for the console. */
const MOBILE_ABILITIES: readonly string[] = ['metrics.readDepartment', 'tip.read', 'tip.statistics']

export interface MobileSections {
  /** 本部门: own rates, 发而未看 list, reminder (department heads: the ability and a department). */
  department: boolean
  /** New tips waiting, with a pointer to the console (security office). */
  newTips: boolean
  /** The account can do more than the phone pages offer: say where. */
  console: boolean
}

export function mobileSections(abilities: readonly string[], departmentId: string | null | undefined): MobileSections {
  return {
    department: abilities.includes('metrics.readDepartment') && !!departmentId,
    newTips: abilities.includes('tip.read'),
    console: abilities.some((a) => !MOBILE_ABILITIES.includes(a)),
  }
}

/** The confirmation before 一键提醒: it sends a WeChat message to everyone on the list. */
export function remindConfirmation(unread: number): { title: string; content: string } {
  return {
    title: '确认一键提醒',
    content: `将向本部门 ${unread} 名未完成必读内容的人员发送订阅消息提醒（已订阅的人才会收到，每人每天最多一次）。确定发送吗？`,
  }
}
