import { DeleteOutlined, PictureOutlined } from '@ant-design/icons'
import { App, Button, Modal, Slider, Space, Upload } from 'antd'
import { useState } from 'react'
import Cropper, { type Area } from 'react-easy-crop'
import type { MediaOut } from '@contract/articles'
import { api } from '../../services/api'
import { friendlyMessage } from '../../services/errors'
import { COVER_ASPECT } from './articleForm'

/** Cuts the chosen area out of the picked image at the cover's size (900 px wide, JPEG). */
async function cropToBlob(src: string, area: Area): Promise<Blob> {
  const image = new Image()
  image.src = src
  await image.decode()
  const canvas = document.createElement('canvas')
  canvas.width = Math.min(900, Math.round(area.width))
  canvas.height = Math.round(canvas.width / COVER_ASPECT)
  canvas.getContext('2d')!.drawImage(image, area.x, area.y, area.width, area.height, 0, 0, canvas.width, canvas.height)
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('crop failed'))), 'image/jpeg', 0.9))
}

/** The cover: pick an image, crop it to the cover's shape, upload it; its media id is the value. */
export function CoverField({ value, onChange }: { value?: string | null; onChange?(id: string | null): void }) {
  const { message } = App.useApp()
  const [picked, setPicked] = useState<string | null>(null)
  const [crop, setCrop] = useState({ x: 0, y: 0 })
  const [zoom, setZoom] = useState(1)
  const [area, setArea] = useState<Area | null>(null)
  const [busy, setBusy] = useState(false)

  const close = () => {
    if (picked) URL.revokeObjectURL(picked)
    setPicked(null)
    setZoom(1)
  }
  const save = async () => {
    if (!picked || !area) return
    setBusy(true)
    try {
      const media = await api.upload<MediaOut>('/api/admin/media', await cropToBlob(picked, area), 'cover.jpg')
      onChange?.(media.id)
      close()
    } catch (err) {
      void message.error(`封面上传失败：${friendlyMessage(err)}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className='cover-field'>
      {value ? <img className='cover-image' src={`/api/media/${value}`} alt='封面' /> : <div className='cover-empty'>未设置封面</div>}
      <Space style={{ marginTop: 8 }}>
        <Upload
          accept='image/png,image/jpeg,image/webp'
          showUploadList={false}
          beforeUpload={(file) => {
            setPicked(URL.createObjectURL(file))
            return false
          }}
        >
          <Button icon={<PictureOutlined />} className='pick-cover'>
            {value ? '更换封面' : '选择封面'}
          </Button>
        </Upload>
        {value && (
          <Button icon={<DeleteOutlined />} onClick={() => onChange?.(null)}>
            移除
          </Button>
        )}
      </Space>
      <Modal title='裁剪封面（2.35 : 1，与公众号封面一致）' open={!!picked} width={720} okText='使用此封面' cancelText='取消' confirmLoading={busy} onOk={save} onCancel={close}>
        <div style={{ position: 'relative', height: 360, background: 'var(--ant-color-bg-spotlight)' }}>
          {picked && (
            <Cropper image={picked} crop={crop} zoom={zoom} aspect={COVER_ASPECT} onCropChange={setCrop} onZoomChange={setZoom} onCropComplete={(_a, pixels) => setArea(pixels)} />
          )}
        </div>
        <Space style={{ width: '100%', marginTop: 12 }}>
          缩放
          <Slider min={1} max={3} step={0.05} value={zoom} onChange={setZoom} style={{ width: 300 }} />
        </Space>
      </Modal>
    </div>
  )
}
