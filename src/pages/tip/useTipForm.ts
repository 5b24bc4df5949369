import { useRef, useState } from 'react'
import { pickImages } from '../../services/media'
import { missingAttachments, newDraftId, submitTip, uploadTipImage, type TipForm, type TipReceipt } from '../../services/tips'

export const MAX_IMAGES = 6

const EMPTY: TipForm = { category: '', description: '', location: '', occurredAt: '', people: '', anonymous: true, contactName: '', contactPhone: '' }

/** The report form: fields, images uploaded to a random draft, and submitting them by id. */
export function useTipForm() {
  const [form, setForm] = useState<TipForm>(EMPTY)
  const [images, setImages] = useState<{ path: string; id: string; missing?: boolean }[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [receipt, setReceipt] = useState<TipReceipt | null>(null)
  const draftId = useRef<string | null>(null)

  const set = <K extends keyof TipForm>(key: K, value: TipForm[K]) => setForm((f) => ({ ...f, [key]: value }))

  const addImages = async () => {
    setError(null)
    try {
      const picked = await pickImages(MAX_IMAGES - images.length)
      draftId.current ??= await newDraftId()
      for (const path of picked) {
        const id = await uploadTipImage(draftId.current, path)
        setImages((list) => [...list, { path, id }])
      }
    } catch (e) {
      if ((e as { errMsg?: string }).errMsg?.includes('cancel')) return
      setError((e as Error).message)
    }
  }

  const removeImage = (id: string) => setImages((list) => list.filter((img) => img.id !== id))

  const submit = async () => {
    setBusy(true)
    setError(null)
    try {
      setReceipt(
        await submitTip(
          form,
          images.map((img) => img.id),
        ),
      )
      setForm(EMPTY)
      setImages([])
      draftId.current = null
    } catch (e) {
      // Expired images are marked so the reporter can remove and upload them again.
      const missing = missingAttachments(e)
      if (missing.length) setImages((list) => list.map((img) => ({ ...img, missing: missing.includes(img.id) })))
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return { form, set, images, addImages, removeImage, busy, error, receipt, submit }
}
