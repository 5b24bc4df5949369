import { DownloadOutlined, InboxOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Checkbox, Space, Upload } from 'antd'
import { useState } from 'react'
import type { RosterImportOut } from '@contract/roster'
import { ImportRefusal } from '../../components/ImportRefusal'
import { api, ApiError } from '../../services/api'
import { friendlyMessage } from '../../services/errors'
import { importSummary, refusedReport, type ImportReport } from './rosterList'

/** Drag-and-drop roster upload: template download, the whole-roster option, and each bad row with its reasons. */
export function RosterImport({ onImported }: { onImported(): void }) {
  const { message } = App.useApp()
  const [complete, setComplete] = useState(false)
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<{ report: ImportReport; file: File; sentence: string } | null>(null)
  const [done, setDone] = useState<string | null>(null)

  const send = async (file: File, acceptGoodRows: boolean) => {
    setBusy(true)
    setDone(null)
    try {
      const query = new URLSearchParams({ complete: String(complete), acceptGoodRows: String(acceptGoodRows) })
      const { report } = await api.upload<RosterImportOut>(`/api/admin/roster/import?${query}`, file, file.name)
      setRefused(null)
      setDone(importSummary(report))
      onImported()
    } catch (err) {
      const report = err instanceof ApiError && err.status === 422 ? refusedReport(err.details) : null
      if (report) setRefused({ report, file, sentence: friendlyMessage(err) })
      else {
        setRefused(null)
        void message.error(friendlyMessage(err))
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card
      title='导入花名册'
      className='roster-import'
      extra={
        <Button
          icon={<DownloadOutlined />}
          onClick={() => api.download('/api/admin/roster/template.xlsx', undefined, '花名册导入模板.xlsx').catch((e) => message.error(friendlyMessage(e)))}
        >
          下载模板
        </Button>
      }
    >
      <Space direction='vertical' style={{ width: '100%' }}>
        <Upload.Dragger
          accept='.xlsx,.csv'
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            void send(file, false)
            return false
          }}
        >
          <p className='ant-upload-drag-icon'>
            <InboxOutlined />
          </p>
          <p className='ant-upload-text'>{busy ? '正在导入…' : '把 Excel 或 CSV 文件拖到这里，或点击选择文件'}</p>
          <p className='ant-upload-hint'>按学号/工号更新人员；有任何一行出错时不会导入任何人员。</p>
        </Upload.Dragger>
        <Checkbox checked={complete} onChange={(e) => setComplete(e.target.checked)}>
          这是完整名单（名单外的在册人员将标记为离开，不再计入知晓率和参与率）
        </Checkbox>
        {done && <Alert type='success' showIcon message={done} />}
        {refused && (
          <ImportRefusal
            className='roster-import-errors'
            sentence={refused.sentence}
            report={refused.report}
            confirmTitle={`只导入正确的 ${refused.report.valid} 行？`}
            confirmContent={`有错误的 ${refused.report.errors.length} 行将被跳过，可以修改后再导入。`}
            onAcceptGoodRows={() => send(refused.file, true)}
            pageSize={10}
          />
        )}
      </Space>
    </Card>
  )
}
