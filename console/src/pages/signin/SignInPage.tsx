import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { useState } from 'react'
import { Navigate, useLocation, useNavigate } from 'react-router-dom'
import { friendlyMessage } from '../../services/errors'
import { applyServerErrors } from '../../services/forms'
import { useSession } from '../../session'

interface SignInForm {
  username: string
  password: string
}

/** Admin sign-in with username and password (POST /api/auth/password). */
export function SignInPage() {
  const session = useSession()
  const navigate = useNavigate()
  const location = useLocation()
  const [form] = Form.useForm<SignInForm>()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const from = (location.state as { from?: string } | null)?.from ?? '/'
  if (session.me) return <Navigate to={from} replace />

  const submit = async (values: SignInForm) => {
    setBusy(true)
    setError(null)
    try {
      await session.signIn(values.username, values.password)
      navigate(from, { replace: true })
    } catch (err) {
      setError(applyServerErrors(form, err) ?? friendlyMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'var(--ant-color-bg-layout)' }}>
      <Card style={{ width: 400 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          专项宣传管理台
        </Typography.Title>
        <Typography.Paragraph type='secondary' style={{ textAlign: 'center' }}>
          使用管理员账号登录
        </Typography.Paragraph>
        {error && <Alert className='signin-error' type='error' showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout='vertical' onFinish={submit} requiredMark={false}>
          <Form.Item label='用户名' name='username' rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete='username' size='large' />
          </Form.Item>
          <Form.Item label='密码' name='password' rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete='current-password' size='large' />
          </Form.Item>
          <Button type='primary' htmlType='submit' size='large' block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  )
}
