import { LogoutOutlined } from '@ant-design/icons'
import { ProLayout } from '@ant-design/pro-components'
import { Dropdown, Spin } from 'antd'
import { Suspense, useMemo } from 'react'
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom'
import { ROLE_NAMES } from '@contract/labels'
import { CONSOLE_PAGES } from '../pages'
import { useSession } from '../session'
import { menuRoutes } from './menu'

/** The frame of every signed-in page: side menu by ability, header with the account, breadcrumbs. */
export function ConsoleLayout() {
  const session = useSession()
  const location = useLocation()
  const routes = useMemo(() => menuRoutes(CONSOLE_PAGES, session.can), [session.can])
  if (session.loading) return <Spin size='large' fullscreen />
  if (!session.me) return <Navigate to='/login' replace state={{ from: location.pathname }} />
  const { user } = session.me
  const roleNames = user.roles.filter((r) => r !== 'reader').map((r) => ROLE_NAMES[r])
  return (
    <ProLayout
      title='专项宣传管理台'
      logo={false}
      layout='mix'
      fixSiderbar
      route={{ path: '/', routes }}
      location={{ pathname: location.pathname }}
      menuItemRender={(item, dom) => (item.path ? <Link to={item.path}>{dom}</Link> : dom)}
      breadcrumbProps={{ itemRender: (route, _params, _routes, paths) => <Link to={`/${paths.join('/')}`.replace(/\/+/g, '/')}>{route.title}</Link> }}
      avatarProps={{
        title: `${user.nickname}（${roleNames.join('、')}）`,
        size: 'small',
        render: (_props, dom) => <Dropdown menu={{ items: [{ key: 'signout', icon: <LogoutOutlined />, label: '退出登录' }], onClick: () => session.signOut() }}>{dom}</Dropdown>,
      }}
    >
      <Suspense fallback={<Spin size='large' style={{ display: 'block', margin: '120px auto' }} />}>
        <Outlet />
      </Suspense>
    </ProLayout>
  )
}
