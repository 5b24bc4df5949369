import { Button, Result } from 'antd'
import { useEffect } from 'react'
import { Link } from 'react-router-dom'
import type { ConsolePage } from '../pages/types'
import { useSession } from '../session'

/** Opens a registered page if this admin holds its ability (the server checks again on every call). */
export function PageGate({ page }: { page: ConsolePage }) {
  const { can } = useSession()
  useEffect(() => {
    document.title = `${page.name} · 专项宣传管理台`
  }, [page.name])
  if (!can(page.ability)) return <NoAccess />
  const Page = page.component
  return <Page />
}

export function NoAccess() {
  return (
    <Result
      status='403'
      title='没有权限'
      subTitle='您的账号不能访问此页面，如需开通请联系系统管理员。'
      extra={
        <Link to='/'>
          <Button type='primary'>返回首页</Button>
        </Link>
      }
    />
  )
}

export function NotFoundPage() {
  return (
    <Result
      status='404'
      title='页面不存在'
      subTitle='地址可能有误，或页面已移动。'
      extra={
        <Link to='/'>
          <Button type='primary'>返回首页</Button>
        </Link>
      }
    />
  )
}
