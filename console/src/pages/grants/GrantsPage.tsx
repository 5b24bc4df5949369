import { PageContainer } from '@ant-design/pro-components'
import { Alert, Card, Empty, List } from 'antd'
import dayjs from 'dayjs'
import type { RoleGrantsOut } from '@contract/users'
import { ROLE_NAMES } from '@contract/labels'
import { ConfirmButton } from '../../components/ConfirmButton'
import { LoadFailed } from '../../components/LoadFailed'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'
import { useSession } from '../../session'

/** 授权确认: pending 保卫处 role grants, confirmed by a second person (never the requester or the grantee). */
export default function GrantsPage() {
  const { me } = useSession()
  const query = useApiQuery('role-grants', () => api.get<RoleGrantsOut>('/api/admin/role-grants'))
  if (query.error) return <LoadFailed error={query.error} onRetry={query.reload} />
  const grants = query.data?.grants ?? []
  return (
    <PageContainer>
      <Alert type='info' showIcon style={{ marginBottom: 16 }} message='“保卫处”角色可以查看全部举报内容，需由发起人和被授权人以外的另一位保卫处人员或系统管理员确认后才生效。' />
      <Card>
        <List
          className='grant-list'
          loading={query.loading}
          dataSource={grants}
          locale={{ emptyText: <Empty description='没有待确认的授权' /> }}
          renderItem={(g) => {
            const own = g.requestedBy === me?.user.id || g.targetId === me?.user.id
            return (
              <List.Item
                actions={[
                  own ? (
                    <span key='own' className='muted'>
                      {g.targetId === me?.user.id ? '不能确认给自己的授权' : '不能确认自己发起的授权'}
                    </span>
                  ) : (
                    <ConfirmButton
                      key='confirm'
                      danger={false}
                      type='primary'
                      title={`确认授予 ${g.targetName}“${ROLE_NAMES[g.role]}”角色？`}
                      content='确认后该账号立即可以查看全部举报内容。'
                      okText='确认授权'
                      success='已确认，角色已生效'
                      onConfirm={async () => {
                        await api.post(`/api/admin/role-grants/${g.id}/confirm`)
                        query.reload()
                      }}
                    >
                      确认
                    </ConfirmButton>
                  ),
                ]}
              >
                <List.Item.Meta
                  title={`${g.targetName} 申请“${ROLE_NAMES[g.role]}”角色`}
                  description={`由 ${g.requestedByName} 于 ${dayjs(g.requestedAt).format('YYYY-MM-DD HH:mm')} 发起`}
                />
              </List.Item>
            )
          }}
        />
      </Card>
    </PageContainer>
  )
}
