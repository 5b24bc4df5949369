import { UploadOutlined } from '@ant-design/icons'
import { App, Button, Modal, Space, Upload } from 'antd'
import { useState } from 'react'
import type { ImportReportOut } from '@contract/handbook'
import { ImportRefusal } from '../../components/ImportRefusal'
import { api, ApiError } from '../../services/api'
import { friendlyMessage } from '../../services/errors'

type Report = ImportReportOut['report']

/** 导入题库: a file in the template's format; bad rows listed with their reasons, nothing imported until they are fixed or skipped. */
export function QuestionImport({ onImported }: { onImported(): void }) {
  const { message } = App.useApp()
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<{ report: Report; file: File; sentence: string } | null>(null)

  const send = async (file: File, acceptGoodRows: boolean) => {
    setBusy(true)
    try {
      const { report } = await api.upload<ImportReportOut>(`/api/admin/handbook/import?acceptGoodRows=${acceptGoodRows}`, file, file.name)
      setRefused(null)
      setOpen(false)
      void message.success(`已导入 ${report.imported} 道题${report.errors.length ? `，跳过有错误的 ${report.errors.length} 行` : ''}`)
      onImported()
    } catch (err) {
      const report = err instanceof ApiError && err.status === 422 ? (err.details as Report) : null
      if (report && Array.isArray(report.errors)) setRefused({ report, file, sentence: friendlyMessage(err) })
      else void message.error(friendlyMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)}>
        导入题库
      </Button>
      <Modal title='导入题库' open={open} onCancel={() => setOpen(false)} footer={null} width={720} destroyOnHidden>
        <Space direction='vertical' style={{ width: '100%' }}>
          <Upload.Dragger
            accept='.xlsx,.csv'
            showUploadList={false}
            disabled={busy}
            beforeUpload={(file) => {
              void send(file, false)
              return false
            }}
          >
            <p className='ant-upload-text'>{busy ? '正在导入…' : '把按模板填写的 Excel 或 CSV 拖到这里，或点击选择文件'}</p>
            <p className='ant-upload-hint'>题干与题库中已有的题相同的行会被指出；有错误时不导入任何题目。</p>
          </Upload.Dragger>
          {refused && (
            <ImportRefusal
              sentence={refused.sentence}
              report={refused.report}
              confirmTitle={`只导入正确的 ${refused.report.valid} 道题？`}
              confirmContent='有错误的行将被跳过。'
              onAcceptGoodRows={() => send(refused.file, true)}
              pageSize={8}
            />
          )}
        </Space>
      </Modal>
    </>
  )
}
