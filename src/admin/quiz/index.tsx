import type { BankExportOut, ChapterListOut } from '@contract/handbook'
import type { AdminExamListOut } from '@contract/quiz'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { downloadFile, uploadSpreadsheet } from '../../services/download'
import { percent } from '../../services/metrics'
import { beijingParts } from '../../services/datetime'
import ExamForm from './ExamForm'
import ExamStats, { type ExamStatistics } from './ExamStats'
import { useExamEditor } from './useExamEditor'
import '../../styles/components.css'
import './index.css'

const when = (iso: string) => {
  const p = beijingParts(new Date(iso))
  return `${p.date} ${p.time}`
}

/** The bank as JSON: a download in the browser; in WeChat, copied to the clipboard. */
async function exportJson() {
  const bank = await api.get<BankExportOut>('/admin/handbook/export.json')
  const text = JSON.stringify(bank, null, 2)
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a')
    a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
    a.download = '题库.json'
    a.click()
    return
  }
  await Taro.setClipboardData({ data: text })
}

/** Exams (create, edit, publish, item statistics) and the question bank (template, import, export). */
export default function AdminQuizPage() {
  const exams = useApi(() => api.get<AdminExamListOut>('/admin/exams'))
  const chapters = useApi(() => api.get<ChapterListOut>('/handbook/chapters'))
  const [stats, setStats] = useState<{ title: string; data: ExamStatistics } | null>(null)
  const [file, setFile] = useState<File | undefined>()
  const [message, setMessage] = useState<string | null>(null)
  const fail = (e: Error) => setMessage(e.message)
  const editor = useExamEditor(async (m) => {
    setMessage(m)
    await exams.reload()
  })

  const importBank = async (acceptGoodRows: boolean) => {
    const res = await uploadSpreadsheet('/admin/handbook/import', { acceptGoodRows: String(acceptGoodRows) }, file)
    if (res.status === 200) setMessage(`已导入 ${res.body.report.imported} 题`)
    else
      setMessage(
        `${res.body.error.message}${res.body.error.details?.errors ? '：' + res.body.error.details.errors.map((e: { row: number; reasons: string[] }) => `第${e.row}行 ${e.reasons.join('、')}`).join('；') : ''}`,
      )
  }

  return (
    <View className='page admin-quiz'>
      {message && <Text className='admin-message'>{message}</Text>}
      <View className='card'>
        <View className='section-title'>知识竞赛</View>
        {exams.data?.exams.map((e) => (
          <View key={e.id} className='dept-row exam-row'>
            <Text>
              {e.title} · {e.blueprint.reduce((n, r) => n + r.count, 0)} 题 · {Math.round(e.timeLimitSeconds / 60)} 分钟 · 及格 {percent(e.passMark)} · {when(e.opensAt)} 起
              {e.closesAt ? ` 至 ${when(e.closesAt)}` : ''} · {e.published ? '已发布' : '未发布'}
            </Text>
            <View>
              <Button size='mini' className='toggle-publish' onClick={() => api.put(`/admin/exams/${e.id}`, { published: !e.published }).then(() => exams.reload(), fail)}>
                {e.published ? '停止' : '发布'}
              </Button>
              <Button size='mini' onClick={() => editor.edit(e)}>
                修改
              </Button>
              <Button
                size='mini'
                className='exam-statistics'
                onClick={() => api.get<ExamStatistics>(`/admin/exams/${e.id}/statistics`).then((data) => setStats({ title: e.title, data }), fail)}
              >
                试题分析
              </Button>
            </View>
          </View>
        ))}
        <View className='muted'>停止后不能再开始作答；已开始的作答仍可完成并交卷。</View>
      </View>
      {stats && <ExamStats title={stats.title} stats={stats.data} />}
      <ExamForm editor={editor} chapters={chapters.data?.chapters ?? []} />
      <View className='card'>
        <View className='section-title'>题库</View>
        <Button size='mini' onClick={() => downloadFile('/admin/handbook/template.xlsx', '题库导入模板.xlsx').catch(fail)}>
          下载导入模板
        </Button>
        <Button size='mini' onClick={() => downloadFile('/admin/handbook/export.xlsx', '题库.xlsx').catch(fail)}>
          导出题库（Excel）
        </Button>
        <Button size='mini' className='export-json' onClick={() => exportJson().then(() => process.env.TARO_ENV !== 'h5' && setMessage('题库 JSON 已复制到剪贴板'), fail)}>
          导出题库（JSON）
        </Button>
        {process.env.TARO_ENV === 'h5' && <input type='file' accept='.xlsx,.csv' onChange={(e) => setFile(e.target.files?.[0])} />}
        <Button size='mini' onClick={() => importBank(false).catch(fail)}>
          导入
        </Button>
        <Button
          size='mini'
          onClick={() =>
            Taro.showModal({ title: '只导入正确的行？', content: '有错误的行将被跳过' }).then((r) => {
              if (r.confirm) void importBank(true).catch(fail)
            })
          }
        >
          只导入正确的行
        </Button>
      </View>
    </View>
  )
}
