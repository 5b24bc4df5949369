import Taro from '@tarojs/taro'
import { api } from './api'

/** Downloads an authenticated file (Excel) from the API: a browser download in H5, openDocument in WeChat. */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const url = `${api.baseUrl}${path}`
  const header = { authorization: `Bearer ${api.getToken() ?? ''}` }
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(url, { headers: header })
    if (!res.ok) throw new Error(`下载失败（HTTP ${res.status}）`)
    const a = document.createElement('a')
    a.href = URL.createObjectURL(await res.blob())
    a.download = filename
    a.click()
    return
  }
  const file = await Taro.downloadFile({ url, header })
  await Taro.openDocument({ filePath: file.tempFilePath, fileType: 'xlsx', showMenu: true })
}

/** Picks a spreadsheet and posts it as multipart with extra fields; returns the JSON answer. */
// The body is the import report or an error answer, read by each caller as its route defines it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function uploadSpreadsheet(path: string, fields: Record<string, string>, pickedFile?: File): Promise<{ status: number; body: any }> {
  const url = `${api.baseUrl}${path}`
  const header = { authorization: `Bearer ${api.getToken() ?? ''}` }
  if (process.env.TARO_ENV === 'h5') {
    if (!pickedFile) throw new Error('请选择文件')
    const form = new FormData()
    form.append('file', pickedFile, pickedFile.name)
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    const res = await fetch(url, { method: 'POST', headers: header, body: form })
    return { status: res.status, body: await res.json() }
  }
  const picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] })
  const res = await Taro.uploadFile({ url, filePath: picked.tempFiles[0].path, name: 'file', formData: fields, header })
  return { status: res.statusCode, body: JSON.parse(res.data) }
}
