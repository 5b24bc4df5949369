import type { RosterImportOut } from '@contract/roster'
import { Button, Switch, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { uploadSpreadsheet } from '../../services/download'
import { BoundReaders } from './BoundReaders'

/** The import's report; a refused import sends the same report as its error details. */
type Report = RosterImportOut['report']

/**
 * Roster import: XLSX/CSV with 学号/工号, 姓名, 类型, 部门, 班级; bad rows are listed before
 * anything is written. Below it, the readers bound to roster entries, whose binding can be undone.
 */
export default function RosterPage() {
  const [file, setFile] = useState<File | undefined>()
  const [complete, setComplete] = useState(false)
  const [report, setReport] = useState<Report | null>(null)
  const [message, setMessage] = useState<string | null>(null)

  const run = async (acceptGoodRows: boolean) => {
    setMessage(null)
    try {
      const res = await uploadSpreadsheet('/admin/roster/import', { acceptGoodRows: String(acceptGoodRows), complete: String(complete) }, file)
      if (res.status === 200) {
        setReport(res.body.report)
        setMessage(`导入完成：新增 ${res.body.report.created}，更新 ${res.body.report.updated}，停用 ${res.body.report.deactivated}`)
      } else {
        setReport(res.body.error?.details ?? null)
        setMessage(res.body.error?.message ?? '导入失败')
      }
    } catch (e) {
      setMessage((e as Error).message)
    }
  }

  return (
    <View className='page roster-import'>
      <View className='card'>
        <Text className='muted'>表头：学号/工号、姓名、类型（学生/教职工）、部门（名称或代码）、班级</Text>
        {process.env.TARO_ENV === 'h5' && <input className='roster-file' type='file' accept='.xlsx,.csv' onChange={(e) => setFile(e.target.files?.[0])} />}
        <View>
          <Text>这是完整花名册（文件中没有其学号/工号的人员将停用；有错误的行中的人员不会停用）</Text>
          <Switch checked={complete} onChange={(e) => setComplete(e.detail.value)} />
        </View>
        <Button className='btn-primary import-roster' onClick={() => run(false)}>
          导入
        </Button>
        {report && report.errors.length > 0 && report.valid > 0 && <Button onClick={() => run(true)}>只导入正确的 {report.valid} 行</Button>}
      </View>
      {message && <Text className='roster-message'>{message}</Text>}
      {report?.errors.map((e) => (
        <View key={e.row} className='error'>
          第 {e.row} 行：{e.reasons.join('；')}
        </View>
      ))}
      <BoundReaders />
    </View>
  )
}
