import { PageContainer } from '@ant-design/pro-components'
import { Card, Col, Row, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { CONSOLE_PAGES } from '..'
import { useSession } from '../../session'

/** Welcome page: the sections this admin may open, as cards. */
export default function HomePage() {
  const { me, can } = useSession()
  const sections = CONSOLE_PAGES.filter((p) => p.path !== '/' && !p.hideInMenu && can(p.ability))
  return (
    <PageContainer title={`您好，${me?.user.nickname ?? ''}`} className='console-home'>
      <Row gutter={[16, 16]}>
        {sections.map((p) => (
          <Col key={p.path} span={6}>
            <Link to={p.path}>
              <Card hoverable>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {p.icon} {p.name}
                </Typography.Title>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </PageContainer>
  )
}
