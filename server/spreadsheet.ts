import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { badRequest } from './errors'

/**
 * The first sheet of an uploaded XLSX or UTF-8 CSV (a leading BOM is ignored). CSV values
 * stay as written: no guessing of numbers or dates, so "00123" is not the number 123.
 */
export async function readFirstSheet(data: Buffer, format: 'xlsx' | 'csv', badFileMessage: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook()
  let sheet: ExcelJS.Worksheet | undefined
  try {
    if (format === 'csv') sheet = await wb.csv.read(Readable.from(data.toString('utf8').replace(/^\uFEFF/, '')), { map: (value: unknown) => value } as never)
    else {
      await wb.xlsx.load(data as unknown as ArrayBuffer)
      sheet = wb.worksheets[0]
    }
  } catch {
    throw badRequest(badFileMessage, 'BAD_FILE')
  }
  if (!sheet) throw badRequest('文件中没有工作表', 'BAD_FILE')
  return sheet
}

/**
 * What a cell shows, as text. Rich text, formulas (their result) and hyperlinks are objects
 * in ExcelJS and would otherwise become "[object Object]"; numbers formatted with leading
 * zeros ("00000") keep them.
 */
export function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value as unknown
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number') return /^0+$/.test(cell.numFmt ?? '') ? String(v).padStart(cell.numFmt.length, '0') : String(v)
  const text = (v as { text?: unknown }).text
  if (text && typeof text === 'object' && Array.isArray((text as { richText?: unknown }).richText)) {
    return (text as { richText: { text: string }[] }).richText.map((t) => t.text).join('')
  }
  return cell.text ?? ''
}

export interface SheetColumn {
  header: string
  key: string
  width?: number
  /** Excel number format of the column, e.g. '0.0%' or 'yyyy-mm-dd'. */
  numFmt?: string
}

/** Adds a worksheet of `rows` under a frozen header row (bold white on the campaign's red). */
export function addSheet(wb: ExcelJS.Workbook, name: string, columns: SheetColumn[], rows: Record<string, unknown>[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 12, style: c.numFmt ? { numFmt: c.numFmt } : {} }))
  const header = ws.getRow(1)
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } }
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC8161D' } }
  for (const row of rows) ws.addRow(row)
  return ws
}
