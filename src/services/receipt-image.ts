import Taro from '@tarojs/taro'

/**
 * The tip receipt (查询码 + 密钥) as a picture the reporter keeps: drawn on a canvas, then saved
 * to the photo album in WeChat (a privacy API: the privacy prompt and the album permission
 * come first) or downloaded in H5. The file WeChat needs for saving is deleted right after: the
 * secret must not linger in the mini-program's storage.
 */
export const RECEIPT_IMAGE_SIZE = { width: 750, height: 640 }
export const RECEIPT_IMAGE_NAME = '举报查询码.png'

/**
 * Canvas cannot read CSS variables: these repeat tokens from src/styles/tokens.css (brand,
 * on-brand, text, text-muted, brand-faint), as app.config.ts does for the tab bar.
 * tests/client/styles.test.ts checks they are token values.
 */
const COLOURS = { brand: '#c8161d', onBrand: '#ffffff', text: '#222222', muted: '#666666', panel: '#fff7f7' }

/** The part of CanvasRenderingContext2D the drawing uses: the browser's and WeChat's 2d contexts both have it. */
export interface ReceiptCanvasContext {
  fillStyle: unknown
  font: string
  textAlign: string
  textBaseline: string
  fillRect(x: number, y: number, w: number, h: number): void
  fillText(text: string, x: number, y: number): void
}

const FONT = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"
const MONO = "'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace"

/** Draws the receipt; the secret is split in two lines of 13 so it stays large enough to copy by eye. */
export function drawTipReceipt(ctx: ReceiptCanvasContext, receipt: { trackingCode: string; secret: string }): void {
  const { width, height } = RECEIPT_IMAGE_SIZE
  ctx.textBaseline = 'middle'
  ctx.textAlign = 'left'
  ctx.fillStyle = COLOURS.onBrand
  ctx.fillRect(0, 0, width, height)
  ctx.fillStyle = COLOURS.brand
  ctx.fillRect(0, 0, width, 120)
  ctx.fillStyle = COLOURS.onBrand
  ctx.font = `bold 40px ${FONT}`
  ctx.fillText('平安校园 · 举报回执', 48, 60)

  ctx.fillStyle = COLOURS.panel
  ctx.fillRect(32, 152, width - 64, 360)
  ctx.fillStyle = COLOURS.muted
  ctx.font = `28px ${FONT}`
  ctx.fillText('查询码', 64, 200)
  ctx.fillText('密钥', 64, 330)
  ctx.fillStyle = COLOURS.text
  ctx.font = `bold 48px ${MONO}`
  ctx.fillText(receipt.trackingCode, 64, 260)
  const half = Math.ceil(receipt.secret.length / 2)
  ctx.font = `bold 44px ${MONO}`
  ctx.fillText(receipt.secret.slice(0, half), 64, 392)
  ctx.fillText(receipt.secret.slice(half), 64, 452)

  ctx.fillStyle = COLOURS.muted
  ctx.font = `24px ${FONT}`
  ctx.fillText('凭查询码和密钥在「我的 › 我的举报」查看进度、补充线索。', 48, 560)
  ctx.fillText('请妥善保管，不要给他人看到；丢失后任何人都无法找回。', 48, 600)
}

interface WeappOffscreenCanvas {
  getContext(type: '2d'): ReceiptCanvasContext
  toDataURL(type?: string): string
}

async function saveInWeapp(receipt: { trackingCode: string; secret: string }): Promise<void> {
  const { width, height } = RECEIPT_IMAGE_SIZE
  const canvas = Taro.createOffscreenCanvas({ type: '2d', width, height }) as unknown as WeappOffscreenCanvas
  drawTipReceipt(canvas.getContext('2d'), receipt)
  // canvasToTempFilePath does not take an offscreen canvas on iOS: write the PNG ourselves.
  const base64 = canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '')
  const fs = Taro.getFileSystemManager()
  const filePath = `${Taro.env.USER_DATA_PATH ?? ''}/tip-receipt-${Date.now()}.png`
  fs.writeFileSync(filePath, base64, 'base64')
  try {
    await Taro.saveImageToPhotosAlbum({ filePath })
  } finally {
    try {
      fs.unlinkSync(filePath)
    } catch {
      /* already gone */
    }
  }
}

function saveInBrowser(receipt: { trackingCode: string; secret: string }): Promise<void> {
  const canvas = document.createElement('canvas')
  canvas.width = RECEIPT_IMAGE_SIZE.width
  canvas.height = RECEIPT_IMAGE_SIZE.height
  const ctx = canvas.getContext('2d')
  if (!ctx) return Promise.reject(new Error('浏览器不支持生成图片，请手动抄下查询码和密钥'))
  drawTipReceipt(ctx, receipt)
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) return reject(new Error('图片生成失败，请手动抄下查询码和密钥'))
      const url = URL.createObjectURL(blob)
      const a = document.createElement('a')
      a.href = url
      a.download = RECEIPT_IMAGE_NAME
      document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      resolve()
    }, 'image/png')
  })
}

/** What went wrong saving, in words the reporter can act on; null when they cancelled. */
export function saveFailureMessage(err: unknown): string | null {
  const errMsg = String((err as { errMsg?: unknown } | null)?.errMsg ?? '')
  if (/cancel/i.test(errMsg)) return null
  if (/privacy/i.test(errMsg)) return '需要同意《用户隐私保护指引》才能保存图片'
  if (/auth|deny|denied/i.test(errMsg)) return '没有保存到相册的权限：请在右上角「…› 设置」中允许「保存到相册」后再试'
  const message = (err as { message?: unknown } | null)?.message
  return typeof message === 'string' && /[\u4e00-\u9fff]/.test(message) ? message : '图片保存失败，请改用复制，或手动抄下查询码和密钥'
}

/** Saves the receipt picture: the album in WeChat, a download (举报查询码.png) in H5. */
export function saveTipReceiptImage(receipt: { trackingCode: string; secret: string }): Promise<void> {
  return process.env.TARO_ENV === 'h5' ? saveInBrowser(receipt) : saveInWeapp(receipt)
}
