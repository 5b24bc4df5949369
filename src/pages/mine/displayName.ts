import type { UserView } from '@contract/users'

/**
 * The name 我的 shows. Readers expect their own name, not a generated 访客xxxx: the roster name
 * once bound; an admin account its own account name; otherwise a plain 未绑定 label (we hold no
 * name for an unbound reader, and never ask WeChat for one — docs/privacy.md).
 */
export function displayName(user: Pick<UserView, 'nickname' | 'username' | 'person'>): { name: string; bound: boolean } {
  if (user.person) return { name: user.person.name, bound: true }
  if (user.username) return { name: user.nickname, bound: false }
  return { name: '同学（未绑定）', bound: false }
}

/** The round badge beside the name: the name's first character, or 我. */
export function avatarChar(name: string, bound: boolean): string {
  return bound || name !== '同学（未绑定）' ? ([...name.trim()][0] ?? '我') : '我'
}
