import { DownloadOutlined } from '@ant-design/icons'
import { PageContainer } from '@ant-design/pro-components'
import { App, Button, DatePicker, Space, Table, Tag } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { shanghaiMonth } from '@contract/calendar'
import type { ReportListOut, ReportOut } from '@contract/metrics'
import { ConfirmButton } from '../../components/ConfirmButton'
import { LoadFailed } from '../../components/LoadFailed'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'
import { friendlyMessage } from '../../services/errors'
import { useSession } from '../../session'

/**
 * 月报表: every month's report and its versions (a regenerated month keeps the old versions).
 * The campaign office downloads the whole workbook; a department head the part of their department.
 */
export default function ReportsPage() {
  const { me, can } = useSession()
  const { message } = App.useApp()
  const reports = useApiQuery('reports', () => api.get<ReportListOut>('/api/reports'))
  const [month, setMonth] = useState<Dayjs | null>(dayjs(shanghaiMonth(new Date())).subtract(1, 'month'))
  const whole = can('metrics.read')
  const departmentId = me?.user.departmentId

  const download = (r: ReportOut) => {
    const path = whole ? `/api/reports/${r.month}/download` : `/api/reports/${r.month}/departments/${departmentId}/download`
    api.download(path, { version: r.version }, `月报表-${r.month}-第${r.version}版${whole ? '' : '-本部门'}.xlsx`).catch((e) => message.error(friendlyMessage(e)))
  }

  return (
    <PageContainer
      extra={
        can('report.regenerate') && (
          <Space>
            <DatePicker
              picker='month'
              value={month}
              onChange={setMonth}
              format='YYYY年M月'
              disabledDate={(m) => m.format('YYYY-MM') > shanghaiMonth(new Date())}
              allowClear={false}
              aria-label='报表月份'
            />
            <ConfirmButton
              type='primary'
              danger={false}
              disabled={!month}
              title={`重新生成 ${month?.format('YYYY年M月') ?? ''} 的报表？`}
              content='按现在的数据生成一个新版本；已有的版本会保留，可随时下载。'
              okText='生成'
              success='已生成新版本'
              onConfirm={async () => {
                await api.post(`/api/reports/${month!.format('YYYY-MM')}/regenerate`)
                reports.reload()
              }}
            >
              生成报表
            </ConfirmButton>
          </Space>
        )
      }
    >
      {reports.error ? (
        <LoadFailed error={reports.error} onRetry={reports.reload} />
      ) : (
        <Table<ReportOut>
          className='reports-table'
          rowKey={(r) => `${r.month}-${r.version}`}
          loading={reports.loading}
          dataSource={reports.data?.reports ?? []}
          locale={{ emptyText: '还没有月报表（每月初自动生成上月报表）' }}
          pagination={{ defaultPageSize: 12 }}
          columns={[
            {
              title: '月份',
              dataIndex: 'month',
              render: (m: string) => dayjs(`${m}-01`).format('YYYY年M月'),
              sorter: (a, b) => a.month.localeCompare(b.month),
              defaultSortOrder: 'descend',
            },
            { title: '版本', dataIndex: 'version', render: (v: number) => `第 ${v} 版` },
            { title: '生成方式', dataIndex: 'trigger', render: (t: ReportOut['trigger']) => (t === 'schedule' ? <Tag>每月自动</Tag> : <Tag color='blue'>手动生成</Tag>) },
            { title: '生成时间', dataIndex: 'createdAt', render: (c: string) => dayjs(c).format('YYYY-MM-DD HH:mm') },
            {
              title: '操作',
              key: 'download',
              render: (_: unknown, r) => (
                <Button size='small' icon={<DownloadOutlined />} onClick={() => download(r)} disabled={!whole && !departmentId}>
                  {whole ? '下载' : '下载本部门部分'}
                </Button>
              ),
            },
          ]}
        />
      )}
    </PageContainer>
  )
}
