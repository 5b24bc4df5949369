import { App, Form, Input, Modal, Select, type FormInstance } from 'antd'
import { useState } from 'react'
import type { AccountResultOut, UserView } from '@contract/users'
import { api } from '../../services/api'
import { applyServerErrors } from '../../services/forms'
import { accountPatchOf, ROLE_CHOICES, type AccountFormValues } from './accounts'

/** A password field's rules, the same as the server's (contract/users.ts: at least 8 characters). */
const passwordRules = (requiredMessage: string) => [
  { required: true, message: requiredMessage },
  { min: 8, message: '密码至少 8 位' },
]

type Department = { id: string; name: string }

/** The message after a change that asked for the 保卫处 role: it waits for a second person. */
const grantNotice = (res: AccountResultOut) => res.pendingGrant?.message

function useSubmit<T>(onDone: () => void) {
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const submit = async (form: FormInstance<T>, fn: (values: T) => Promise<string>) => {
    const values = await form.validateFields()
    setBusy(true)
    try {
      void message.success(await fn(values))
      onDone()
    } catch (err) {
      const rest = applyServerErrors(form, err)
      if (rest) void message.error(rest)
    } finally {
      setBusy(false)
    }
  }
  return { busy, submit }
}

function AccountFields({ departments, withLogin }: { departments: Department[]; withLogin: boolean }) {
  const roles = Form.useWatch<string[] | undefined>('roles')
  return (
    <>
      {withLogin && (
        <>
          <Form.Item
            name='username'
            label='用户名'
            rules={[
              { required: true, message: '请填写用户名' },
              { pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: '用户名为 3–32 位字母、数字或 _.-' },
            ]}
          >
            <Input autoComplete='off' />
          </Form.Item>
          <Form.Item name='password' label='初始密码' rules={passwordRules('请填写密码')}>
            <Input.Password autoComplete='new-password' />
          </Form.Item>
        </>
      )}
      <Form.Item name='nickname' label='姓名' rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item
        name='roles'
        label='角色'
        rules={[{ required: true, message: '至少选择一个角色' }]}
        extra='“保卫处”角色可查看全部举报内容，需由另一位保卫处人员或系统管理员确认后生效。'
      >
        <Select mode='multiple' options={ROLE_CHOICES} />
      </Form.Item>
      {roles?.includes('dept_admin') && (
        <Form.Item name='departmentId' label='所属部门' rules={[{ required: true, message: '部门负责人必须指定所属部门' }]}>
          <Select showSearch optionFilterProp='label' options={departments.map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
      )}
    </>
  )
}

export function CreateAccountModal({ open, departments, onClose, onDone }: { open: boolean; departments: Department[]; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm<AccountFormValues & { username: string; password: string }>()
  const { busy, submit } = useSubmit<AccountFormValues & { username: string; password: string }>(() => {
    form.resetFields()
    onDone()
  })
  return (
    <Modal
      title='新建账号'
      open={open}
      okText='创建'
      cancelText='取消'
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        submit(form, async (v) => {
          const res = await api.post<AccountResultOut>('/api/admin/users', { ...v, departmentId: v.roles.includes('dept_admin') ? v.departmentId : null })
          return grantNotice(res) ?? `已创建账号“${res.user.nickname}”`
        })
      }
    >
      <Form form={form} layout='vertical' className='account-create-form'>
        <AccountFields departments={departments} withLogin />
      </Form>
    </Modal>
  )
}

export function EditAccountModal({ account, departments, onClose, onDone }: { account: UserView | null; departments: Department[]; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm<AccountFormValues>()
  const { busy, submit } = useSubmit<AccountFormValues>(onDone)
  return (
    <Modal
      title={account ? `修改账号：${account.nickname}` : ''}
      open={account !== null}
      okText='保存'
      cancelText='取消'
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(open) =>
        open &&
        account &&
        form.setFieldsValue({ nickname: account.nickname, roles: account.roles.filter((r) => r !== 'reader') as AccountFormValues['roles'], departmentId: account.departmentId })
      }
      onOk={() =>
        submit(form, async (v) => {
          const patch = accountPatchOf(account!, v)
          if (!Object.keys(patch).length) return '没有修改'
          const res = await api.put<AccountResultOut>(`/api/admin/users/${account!.id}`, patch)
          return grantNotice(res) ?? '已保存；角色变更后该账号需要重新登录'
        })
      }
    >
      <Form form={form} layout='vertical' className='account-edit-form'>
        <AccountFields departments={departments} withLogin={false} />
      </Form>
    </Modal>
  )
}

export function ResetPasswordModal({ account, onClose, onDone }: { account: UserView | null; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm<{ password: string }>()
  const { busy, submit } = useSubmit<{ password: string }>(() => {
    form.resetFields()
    onDone()
  })
  return (
    <Modal
      title={account ? `重置密码：${account.nickname}` : ''}
      open={account !== null}
      okText='重置密码'
      okButtonProps={{ danger: true }}
      cancelText='取消'
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      onOk={() =>
        submit(form, async (v) => {
          await api.put(`/api/admin/users/${account!.id}`, { password: v.password })
          return '密码已重置，该账号需要用新密码重新登录'
        })
      }
    >
      <p>重置后该账号在所有设备上退出登录。请把新密码当面或电话告知本人。</p>
      <Form form={form} layout='vertical'>
        <Form.Item name='password' label='新密码' rules={passwordRules('请填写新密码')}>
          <Input.Password autoComplete='new-password' />
        </Form.Item>
      </Form>
    </Modal>
  )
}
