import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { downloadFile, uploadSpreadsheet } from '../../services/download'
import { percent } from '../../services/metrics'

interface ExamRow {
  id: string
  title: string
  published: boolean
  timeLimitSeconds: number
  passMark: number
  maxAttempts: number
}

interface ItemStat {
  questionId: string
  stem: string
  responses: number
  facility: number
  discrimination: number
  flags: string[]
}

interface ExamStats {
  attempts: number
  mean: number
  sd: number
  cronbachAlpha: number | null
  items: ItemStat[]
}

const num = (v: string, fallback: number) => (Number.isFinite(Number(v)) && v !== '' ? Number(v) : fallback)

/** Exams (create, publish, item statistics) and the question bank (template, import, export). */
export default function AdminQuizPage() {
  const exams = useApi(() => api.get<{ exams: ExamRow[] }>('/admin/exams'))
  const [stats, setStats] = useState<{ title: string; data: ExamStats } | null>(null)
  const [form, setForm] = useState({ title: '', single: '10', multiple: '5', truefalse: '5', minutes: '20', attempts: '3' })
  const [file, setFile] = useState<File | undefined>()
  const [message, setMessage] = useState<string | null>(null)
  const set = (k: keyof typeof form) => (e: { detail: { value: string } }) => setForm((f) => ({ ...f, [k]: e.detail.value }))
  const fail = (e: Error) => setMessage(e.message)

  const create = async () => {
    const blueprint = (['single', 'multiple', 'truefalse'] as const)
      .map((type) => ({ type, count: num(form[type], 0), points: 5 }))
      .filter((r) => r.count > 0)
    await api.post('/admin/exams', { title: form.title, blueprint, timeLimitSeconds: num(form.minutes, 20) * 60, maxAttempts: num(form.attempts, 3), opensAt: new Date().toISOString(), published: false })
    setMessage('已创建（未发布）')
    await exams.reload()
  }

  const importBank = async (acceptGoodRows: boolean) => {
    const res = await uploadSpreadsheet('/admin/handbook/import', { acceptGoodRows: String(acceptGoodRows) }, file)
    if (res.status === 200) setMessage(`已导入 ${res.body.report.imported} 题`)
    else setMessage(`${res.body.error.message}${res.body.error.details?.errors ? '：' + res.body.error.details.errors.map((e: { row: number; reasons: string[] }) => `第${e.row}行 ${e.reasons.join('、')}`).join('；') : ''}`)
  }

  return (
    <View className='page admin-quiz'>
      {message && <Text className='admin-message'>{message}</Text>}
      <View className='card'>
        <View className='section-title'>知识竞赛</View>
        {exams.data?.exams.map((e) => (
          <View key={e.id} className='dept-row'>
            <Text>
              {e.title} · {Math.round(e.timeLimitSeconds / 60)} 分钟 · 及格 {percent(e.passMark)} · {e.published ? '已发布' : '未发布'}
            </Text>
            <View>
              <Button size='mini' onClick={() => api.patch(`/admin/exams/${e.id}`, { published: !e.published }).then(() => exams.reload(), fail)}>{e.published ? '停止' : '发布'}</Button>
              <Button size='mini' onClick={() => api.get<ExamStats>(`/admin/exams/${e.id}/statistics`).then((data) => setStats({ title: e.title, data }), fail)}>试题分析</Button>
            </View>
          </View>
        ))}
      </View>
      {stats && (
        <View className='card exam-stats'>
          <View className='section-title'>{stats.title} · 试题分析</View>
          <Text>
            首次作答 {stats.data.attempts} 人 · 平均分 {stats.data.mean} · 标准差 {stats.data.sd} · 克隆巴赫 α {stats.data.cronbachAlpha ?? '—'}
          </Text>
          {stats.data.items.map((i) => (
            <View key={i.questionId} className={i.flags.length ? 'error' : ''}>
              {i.stem.slice(0, 24)}… 难度 {i.facility} · 区分度 {i.discrimination}
              {i.flags.length ? ` · ${i.flags.join('；')}` : ''}
            </View>
          ))}
        </View>
      )}
      <View className='card'>
        <View className='section-title'>新建竞赛</View>
        <Input className='field' placeholder='名称' value={form.title} onInput={set('title')} />
        <Input className='field' type='number' placeholder='单选题数' value={form.single} onInput={set('single')} />
        <Input className='field' type='number' placeholder='多选题数' value={form.multiple} onInput={set('multiple')} />
        <Input className='field' type='number' placeholder='判断题数' value={form.truefalse} onInput={set('truefalse')} />
        <Input className='field' type='number' placeholder='时间（分钟）' value={form.minutes} onInput={set('minutes')} />
        <Input className='field' type='number' placeholder='可参加次数' value={form.attempts} onInput={set('attempts')} />
        <Button className='btn-primary' onClick={() => create().catch(fail)}>创建</Button>
      </View>
      <View className='card'>
        <View className='section-title'>题库</View>
        <Button size='mini' onClick={() => downloadFile('/admin/handbook/template.xlsx', '题库导入模板.xlsx').catch(fail)}>下载导入模板</Button>
        <Button size='mini' onClick={() => downloadFile('/admin/handbook/export.xlsx', '题库.xlsx').catch(fail)}>导出题库</Button>
        {process.env.TARO_ENV === 'h5' && <input type='file' accept='.xlsx,.csv' onChange={(e) => setFile(e.target.files?.[0])} />}
        <Button size='mini' onClick={() => importBank(false).catch(fail)}>导入</Button>
        <Button size='mini' onClick={() => Taro.showModal({ title: '只导入正确的行？', content: '有错误的行将被跳过' }).then((r) => {
          if (r.confirm) void importBank(true).catch(fail)
        })}>只导入正确的行</Button>
      </View>
    </View>
  )
}
