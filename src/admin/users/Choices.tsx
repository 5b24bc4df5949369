import { Picker, View } from '@tarojs/components'
import type { Role } from '@contract/roles'
import { Chips } from '../../components/Chips'
import { ADMIN_ROLES, ROLE_NAMES, toggleRole, type Department } from '../../services/accounts'

/** Role chips: tap to add or remove a role. */
export function RoleChips({ roles, onChange }: { roles: Role[]; onChange: (roles: Role[]) => void }) {
  return (
    <Chips
      kind='role'
      options={ADMIN_ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r], className: `role-${r}` }))}
      selected={(r) => roles.includes(r)}
      onTap={(r) => onChange(toggleRole(roles, r))}
    />
  )
}

/** The department a dept_admin answers for. */
export function DepartmentPicker({ departments, value, onChange }: { departments: Department[]; value: string | null; onChange: (id: string | null) => void }) {
  const index = departments.findIndex((d) => d.id === value)
  return (
    <Picker mode='selector' range={departments.map((d) => d.name)} value={Math.max(0, index)} onChange={(e) => onChange(departments[Number(e.detail.value)]?.id ?? null)}>
      <View className='field department-picker'>{index >= 0 ? departments[index].name : '选择所属部门（部门负责人必选）'}</View>
    </Picker>
  )
}
