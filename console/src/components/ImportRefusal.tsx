import { Alert, Table } from 'antd'
import { ConfirmButton } from './ConfirmButton'

export interface RefusedImport {
  valid: number
  errors: { row: number; reasons: string[] }[]
}

interface ImportRefusalProps {
  className?: string
  /** The server's sentence for the refusal. */
  sentence: string
  report: RefusedImport
  /** Confirmation asked before importing only the good rows. */
  confirmTitle: string
  confirmContent: string
  onAcceptGoodRows(): Promise<unknown>
  pageSize: number
}

/** A refused spreadsheet import: the reason, the offer to import only the good rows, and each bad row with its reasons. */
export function ImportRefusal({ className, sentence, report, confirmTitle, confirmContent, onAcceptGoodRows, pageSize }: ImportRefusalProps) {
  return (
    <div className={className}>
      <Alert
        type='error'
        showIcon
        message={sentence}
        action={
          report.valid > 0 && (
            <ConfirmButton danger={false} title={confirmTitle} content={confirmContent} okText='导入' onConfirm={onAcceptGoodRows}>
              只导入正确的行
            </ConfirmButton>
          )
        }
      />
      <Table
        size='small'
        rowKey='row'
        style={{ marginTop: 12 }}
        pagination={report.errors.length > pageSize ? { pageSize } : false}
        dataSource={report.errors}
        columns={[
          { title: '行号', dataIndex: 'row', width: 100, render: (row: number) => `第 ${row} 行` },
          { title: '原因', dataIndex: 'reasons', render: (reasons: string[]) => reasons.join('；') },
        ]}
      />
    </div>
  )
}
