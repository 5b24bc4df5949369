/** Shapes the server answers with (see GET /api/openapi.json). */
export interface SessionUser {
  id: string
  nickname: string
  roles: string[]
  username: string | null
  departmentId: string | null
  person: { id: string; number: string; name: string; type: string; departmentId: string; departmentName: string; className: string | null } | null
}

export interface Campaign {
  id: string
  slug: string
  title: string
  subtitle: string
  description: string
  startAt: string
  tipCategories: { code: string; name: string }[]
}
