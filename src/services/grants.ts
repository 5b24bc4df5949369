import type { RoleGrantsOut, UserEnvelope } from '@contract/users'
import type { ApiClient } from './request'

export type PendingGrant = RoleGrantsOut['grants'][number]

/** 保卫处 role grants waiting for a second person (GET /api/admin/role-grants), and confirming one. */
export function grantsApi(api: ApiClient) {
  return {
    pending: () => api.get<RoleGrantsOut>('/admin/role-grants').then((r) => r.grants),
    confirm: (id: string) => api.post<UserEnvelope>(`/admin/role-grants/${id}/confirm`),
  }
}
