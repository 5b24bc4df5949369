import type { IncomingMessage } from 'node:http'
import busboy from 'busboy'
import sharp from 'sharp'
import { AppError, badRequest } from '../../errors'

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024
const IMAGE_FORMATS = new Map([
  ['jpeg', 'image/jpeg'],
  ['png', 'image/png'],
  ['webp', 'image/webp'],
  ['gif', 'image/gif'],
])

export interface UploadedFile {
  field: string
  filename: string
  data: Buffer
}

export interface MultipartBody {
  fields: Record<string, string>
  files: UploadedFile[]
}

/**
 * Reads a multipart body with hard limits while streaming: an oversize file or one file
 * too many is refused before it is buffered whole.
 */
export function readMultipart(req: IncomingMessage, limits: { maxFiles: number; maxFileBytes: number; maxFields?: number }): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    const type = req.headers['content-type'] ?? ''
    if (!type.startsWith('multipart/form-data')) {
      reject(new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传'))
      return
    }
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers, limits: { files: limits.maxFiles, fileSize: limits.maxFileBytes, fields: limits.maxFields ?? 30, fieldSize: 64 * 1024 } })
    } catch {
      reject(badRequest('上传内容格式不正确', 'BAD_MULTIPART'))
      return
    }
    const body: MultipartBody = { fields: {}, files: [] }
    let failure: AppError | null = null
    parser.on('field', (name, value) => {
      body.fields[name] = value
    })
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('limit', () => {
        failure ??= new AppError(413, 'FILE_TOO_LARGE', `图片不能超过 ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB：${info.filename}`)
      })
      stream.on('end', () => {
        if (!failure) body.files.push({ field, filename: info.filename ?? 'file', data: Buffer.concat(chunks) })
      })
    })
    parser.on('filesLimit', () => {
      failure ??= badRequest(`最多上传 ${limits.maxFiles} 张图片`, 'TOO_MANY_FILES')
    })
    parser.on('error', () => reject(badRequest('上传内容格式不正确', 'BAD_MULTIPART')))
    parser.on('close', () => (failure ? reject(failure) : resolve(body)))
    req.pipe(parser)
  })
}

export interface CleanImage {
  data: Buffer
  contentType: string
  width: number
  height: number
}

/**
 * Checks that the bytes are an image by their content (not the file name) and re-encodes
 * them, which drops EXIF and other metadata (GPS location, device). Orientation is applied
 * to the pixels first so dropping EXIF does not rotate the picture.
 */
export async function cleanImage(file: UploadedFile): Promise<CleanImage> {
  let format: string | undefined
  try {
    format = (await sharp(file.data).metadata()).format
  } catch {
    format = undefined
  }
  const contentType = format ? IMAGE_FORMATS.get(format) : undefined
  if (!contentType) throw badRequest(`不是有效的图片文件（支持 JPG、PNG、WebP、GIF）：${file.filename}`, 'NOT_AN_IMAGE')
  try {
    const pipeline = sharp(file.data, { animated: format === 'gif' }).rotate()
    const out = await (format === 'png' ? pipeline.png() : format === 'webp' ? pipeline.webp() : format === 'gif' ? pipeline.gif() : pipeline.jpeg({ quality: 85 })).toBuffer({
      resolveWithObject: true,
    })
    return { data: out.data, contentType, width: out.info.width, height: out.info.height }
  } catch {
    throw badRequest(`图片已损坏，无法读取：${file.filename}`, 'NOT_AN_IMAGE')
  }
}
