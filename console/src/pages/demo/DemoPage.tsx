import { PageContainer } from '@ant-design/pro-components'
import { Alert, Card, Descriptions, Empty, Space } from 'antd'
import dayjs from 'dayjs'
import type { DemoCountsOut, DemoRemovalOut, DemoStatusOut } from '@contract/demo'
import { ConfirmButton } from '../../components/ConfirmButton'
import { LoadFailed } from '../../components/LoadFailed'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'

const COUNT_NAMES: Record<keyof DemoCountsOut, string> = {
  people: '花名册人员',
  readers: '读者',
  accounts: '演示账号',
  articles: '文章',
  progress: '阅读记录',
  quizAttempts: '答题记录',
  tips: '线索',
}

/**
 * 演示数据 (superadmin): what the demo seed of a development install created, and removing it
 * before real use. Removal deletes exactly the demo rows (server/seed/demo); real data stays.
 */
export default function DemoPage() {
  const status = useApiQuery('demo', () => api.get<DemoStatusOut>('/api/demo'))
  const data = status.data
  return (
    <PageContainer content='开发环境首次启动时生成的演示活动、人员和阅读记录，用来在看板和报表里展示效果。正式使用前请删除。'>
      {status.error ? (
        <LoadFailed error={status.error} onRetry={status.reload} />
      ) : (
        <Card loading={status.loading && !data}>
          {data && !data.present ? (
            <Empty description={data.removedAt ? `演示数据已于 ${dayjs(data.removedAt).format('YYYY年M月D日 HH:mm')} 删除` : '没有演示数据'} />
          ) : (
            data && (
              <Space direction='vertical' size='large' style={{ width: '100%' }}>
                <Alert type='warning' showIcon message={`当前活动“${data.campaign?.title ?? ''}”是演示活动，读者的阅读、答题和举报都会记在它名下，删除时一并删除。`} />
                <Descriptions bordered column={4} title='演示数据包含'>
                  {(Object.keys(COUNT_NAMES) as (keyof DemoCountsOut)[]).map((key) => (
                    <Descriptions.Item key={key} label={COUNT_NAMES[key]}>
                      {data.counts[key].toLocaleString('zh-CN')}
                    </Descriptions.Item>
                  ))}
                  {data.createdAt && <Descriptions.Item label='生成时间'>{dayjs(data.createdAt).format('YYYY年M月D日 HH:mm')}</Descriptions.Item>}
                </Descriptions>
                <ConfirmButton
                  type='primary'
                  title='删除全部演示数据？'
                  content='演示活动、演示人员、演示账号及其阅读、答题和线索记录将被删除，无法恢复；真实数据不受影响。'
                  okText='删除'
                  success={(r: DemoRemovalOut) => `已删除演示数据（${r.counts.people.toLocaleString('zh-CN')} 名人员）`}
                  onConfirm={async () => {
                    const result = await api.delete<DemoRemovalOut>('/api/demo')
                    status.reload()
                    return result
                  }}
                >
                  删除演示数据
                </ConfirmButton>
              </Space>
            )
          )}
        </Card>
      )}
    </PageContainer>
  )
}
