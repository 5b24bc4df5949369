import type { ApiClient } from './request'

/** A 保卫处 role grant waiting for a second person (GET /api/admin/role-grants). */
export interface PendingGrant {
  id: string
  role: string
  targetId: string
  targetName: string
  requestedBy: string
  requestedByName: string
  requestedAt: string
}

export function grantsApi(api: ApiClient) {
  return {
    pending: () => api.get<{ grants: PendingGrant[] }>('/admin/role-grants').then((r) => r.grants),
    confirm: (id: string) => api.post<unknown>(`/admin/role-grants/${id}/confirm`),
  }
}
