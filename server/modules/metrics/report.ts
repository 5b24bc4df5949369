import { TIP_STATUS_NAMES } from '../../../contract/labels'
import type { TipStatus } from '../../../contract/tips'
import ExcelJS from 'exceljs'
import type { Types } from 'mongoose'
import { conflict, isDuplicateKeyError, notFound } from '../../errors'
import { addSheet } from '../../spreadsheet'
import { getCampaign } from '../campaigns/service'
import { channelMetrics } from '../channels/service'
import { MonthlyReport } from './model'
import { computeMetrics, type Metrics, type UnreadPerson } from './service'

const PCT = '0.0%'
/** 2026-11-30 23:59 (Beijing time). */
const beijing = (at: Date) => `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）`
/** The items sheet holds counters that only grow: cumulative up to generation, not per month. */
export const ITEMS_SHEET = '学习内容（累计至生成时）'

/**
 * Stores the month's figures as a new immutable version. The scheduled run uses a lease
 * per month (one run with many instances); "regenerate" adds version n+1 and keeps the old.
 */
export async function createMonthlyReport(campaignId: string | Types.ObjectId, month: string, trigger: 'schedule' | 'manual', at: Date) {
  const figures = await computeMetrics(campaignId, month, at)
  // First arrivals per channel up to the month's end (read-through as of generation).
  const data: ReportData = { ...figures, channels: await channelMetrics(campaignId, { until: figures.asOf ? new Date(figures.asOf) : at }) }
  for (let attempt = 0; attempt < 3; attempt++) {
    const last = await MonthlyReport.findOne({ campaignId, month }, { version: 1 }).sort({ version: -1 }).lean()
    const version = (last?.version ?? 0) + 1
    try {
      const report = await MonthlyReport.create({ campaignId, month, version, createdAt: at, trigger, data })
      return { id: String(report._id), month, version, createdAt: at.toISOString(), trigger }
    } catch (err) {
      // Another instance took this version number: try the next. Anything else is a real failure.
      if (!isDuplicateKeyError(err)) throw err
    }
  }
  throw conflict('报表正在生成，请稍后再试', 'REPORT_BUSY')
}

type ReportData = Metrics & { channels?: Awaited<ReturnType<typeof channelMetrics>> }

export async function listReports(campaignId: string | Types.ObjectId) {
  const rows = await MonthlyReport.find({ campaignId }, { month: 1, version: 1, createdAt: 1, trigger: 1 }).sort({ month: -1, version: -1 }).lean()
  return rows.map((r) => ({ month: r.month, version: r.version, createdAt: r.createdAt.toISOString(), trigger: r.trigger }))
}

export async function loadReport(campaignId: string | Types.ObjectId, month: string, version?: number) {
  const report = await MonthlyReport.findOne({ campaignId, month, ...(version ? { version } : {}) })
    .sort({ version: -1 })
    .lean()
  if (!report) throw notFound('该月报表尚未生成', 'REPORT_NOT_FOUND')
  return { month: report.month, version: report.version, createdAt: report.createdAt, data: report.data as ReportData }
}

/** One department's 发而未看 list as a workbook. */
export async function unreadWorkbook(people: UnreadPerson[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const columns = [
    { header: '学号/工号', key: 'number', width: 14 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '班级', key: 'className', width: 14 },
    { header: '已打开', key: 'opened', width: 8 },
    { header: '已完成必读', key: 'completedRequired', width: 10 },
    { header: '必读总数', key: 'required', width: 10 },
  ]
  addSheet(
    wb,
    '发而未看',
    columns,
    people.map((p) => ({ ...p, opened: p.opened ? '是' : '否' })),
  )
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const tallyColumns = [
  { header: '花名册人数', key: 'roster' },
  { header: '触达人数', key: 'reached' },
  { header: '阅读完成人数', key: 'readThrough' },
  { header: '答题通过人数', key: 'quizPassed' },
  { header: '知晓人数', key: 'aware' },
  { header: '参与人数', key: 'participating' },
  { header: '触达率', key: 'reachRate', numFmt: PCT },
  { header: '阅读完成率', key: 'readThroughRate', numFmt: PCT },
  { header: '答题通过率', key: 'quizPassRate', numFmt: PCT },
  { header: '知晓率', key: 'awarenessRate', numFmt: PCT },
  { header: '参与率', key: 'participationRate', numFmt: PCT },
]

/** The 月报表 workbook; with `departmentId`, only that department's part (for its dept_admin). */
export async function reportWorkbook(campaignId: string | Types.ObjectId, month: string, version?: number, departmentId?: string): Promise<Buffer> {
  const report = await loadReport(campaignId, month, version)
  const campaign = await getCampaign(campaignId)
  const d = report.data
  const wb = new ExcelJS.Workbook()
  wb.creator = '校园专项宣传'
  wb.created = report.createdAt
  const departments = departmentId ? d.departments.filter((r) => r.departmentId === departmentId) : d.departments
  if (!departmentId) {
    const ws = addSheet(
      wb,
      '总览',
      [
        { header: '项目', key: 'label', width: 20 },
        { header: '数值', key: 'value', width: 16 },
      ],
      [],
    )
    ws.addRow({ label: '专项活动', value: campaign.title })
    ws.addRow({ label: '月份', value: month })
    ws.addRow({ label: '报表版本', value: report.version })
    ws.addRow({ label: '生成时间', value: beijing(report.createdAt) })
    // Reports stored before figures were taken as of the month's end were as of generation.
    ws.addRow({ label: '累计指标截至', value: d.asOf ? beijing(new Date(new Date(d.asOf).getTime() - 60_000)) : `${beijing(report.createdAt)}（生成时）` })
    ws.addRow({ label: '学习内容统计截至', value: `${beijing(d.itemsAsOf ? new Date(d.itemsAsOf) : report.createdAt)}（生成时）` })
    ws.addRow({ label: '必读项目数', value: d.requiredItems })
    for (const c of tallyColumns) {
      const row = ws.addRow({ label: c.header, value: (d.overview as unknown as Record<string, number>)[c.key] })
      if (c.numFmt) row.getCell(2).numFmt = c.numFmt
    }
  }
  addSheet(
    wb,
    '部门',
    [{ header: '排名', key: 'rank', width: 8 }, { header: '部门', key: 'name', width: 18 }, { header: '必读项目数', key: 'requiredItems' }, ...tallyColumns],
    departments.map((r) => ({ ...r, rank: r.rank ?? '—' })),
  )
  addSheet(
    wb,
    '班级',
    [{ header: '部门', key: 'department', width: 18 }, { header: '班级', key: 'className', width: 16 }, ...tallyColumns],
    d.classes
      .filter((c) => !departmentId || c.departmentId === departmentId)
      .map((c) => ({ ...c, department: d.departments.find((x) => x.departmentId === c.departmentId)?.name ?? '' })),
  )
  if (!departmentId) {
    addSheet(
      wb,
      ITEMS_SHEET,
      [
        { header: '内容', key: 'title', width: 36 },
        { header: '类型', key: 'kind', width: 8 },
        { header: '必读', key: 'required', width: 6 },
        { header: '打开人数', key: 'opens' },
        { header: '完成人数', key: 'completions' },
        { header: '平均阅读深度', key: 'averageDepth', numFmt: PCT },
        { header: '平均阅读时长（秒）', key: 'averageEngagedSeconds', width: 16 },
        ...Array.from({ length: 10 }, (_, i) => ({ header: `${i * 10}–${i * 10 + 10}%`, key: `d${i}`, width: 9 })),
      ],
      d.items.map((i) => ({
        ...i,
        kind: i.kind === 'article' ? '文章' : '章节',
        required: i.required ? '是' : '否',
        ...Object.fromEntries(i.depthDeciles.map((n, k) => [`d${k}`, n])),
      })),
    )
    addSheet(
      wb,
      '答题',
      [
        { header: '竞赛', key: 'title', width: 24 },
        { header: '作答次数', key: 'attempts' },
        { header: '参加人数', key: 'takers' },
        { header: '通过人数', key: 'passed' },
        { header: '平均得分率', key: 'averageScoreRate', numFmt: PCT },
      ],
      d.quizzes,
    )
    const tips = addSheet(
      wb,
      '线索统计',
      [
        { header: '分组', key: 'group', width: 12 },
        { header: '项目', key: 'label', width: 24 },
        { header: '数量', key: 'count' },
      ],
      [],
    )
    tips.addRow({ group: '合计', label: '本月线索', count: d.tips.total })
    const names = new Map(campaign.tipCategories.map((c) => [c.code, c.name]))
    for (const [k, n] of Object.entries(d.tips.byCategory ?? {})) tips.addRow({ group: '按类别', label: names.get(k) ?? k, count: n })
    for (const [k, n] of Object.entries(d.tips.byStatus ?? {})) tips.addRow({ group: '按状态', label: TIP_STATUS_NAMES[k as TipStatus] ?? k, count: n })
  }
  // How readers arrived (公众号, 订阅消息, 小程序码, URL Link, 转发…); reports made before channels were recorded have none.
  if (d.channels) {
    const channelColumns = [
      { header: '范围', key: 'scope', width: 18 },
      { header: '渠道', key: 'name', width: 28 },
      { header: '首次打开（次）', key: 'opens', width: 14 },
      { header: '读者人数', key: 'readers' },
      { header: '读完（次）', key: 'completed' },
      { header: '读完率', key: 'readThrough', numFmt: PCT },
    ]
    const rows = [
      ...(departmentId ? [] : d.channels.channels.map((c) => ({ scope: '全校', ...c }))),
      ...d.channels.departments.filter((x) => !departmentId || x.departmentId === departmentId).flatMap((x) => x.channels.map((c) => ({ scope: x.name, ...c }))),
    ]
    addSheet(
      wb,
      '渠道',
      channelColumns,
      rows.map((r) => ({ ...r, readThrough: r.readThrough ?? '—' })),
    )
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
