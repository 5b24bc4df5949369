import { useRef, useState } from 'react'
import { formErrors, friendlyMessage } from '../../services/errors'
import { pickImages } from '../../services/media'
import { missingAttachments, newDraftId, submitTip, type TipForm, type TipReceipt, uploadTipImage } from '../../services/tips'

export const MAX_IMAGES = 6

const EMPTY: TipForm = { category: '', description: '', location: '', occurredAt: '', people: '', anonymous: true, contactName: '', contactPhone: '' }

/** Which request field each form field fills: the server's validation details land on these. */
export const TIP_FORM_FIELDS = {
  category: 'category',
  description: 'description',
  location: 'location',
  occurredAt: 'occurredAt',
  people: 'people',
  contactName: ['contact.name', 'contact'],
  contactPhone: 'contact.phone',
  images: 'attachmentIds',
} as const
export type TipFormField = keyof typeof TIP_FORM_FIELDS

/** The report form: fields, images uploaded to a random draft, submitting them by id, and starting over. */
export function useTipForm() {
  const [form, setForm] = useState<TipForm>(EMPTY)
  const [images, setImages] = useState<{ path: string; id: string; missing?: boolean }[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<TipFormField, string>>>({})
  const [receipt, setReceipt] = useState<TipReceipt | null>(null)
  const draftId = useRef<string | null>(null)

  const set = <K extends keyof TipForm>(key: K, value: TipForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }))
    // The reporter is fixing it: the old message would now be wrong.
    setFieldErrors((errors) => (key in errors ? { ...errors, [key]: undefined } : errors))
  }

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
      setError(friendlyMessage(e))
    }
  }

  const removeImage = (id: string) => setImages((list) => list.filter((img) => img.id !== id))

  const submit = async () => {
    setBusy(true)
    setError(null)
    setFieldErrors({})
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
      const errors = formErrors(e, TIP_FORM_FIELDS)
      setFieldErrors(errors.fields)
      setError(errors.form ?? '请按提示修改后再提交')
    } finally {
      setBusy(false)
    }
  }

  /** After the receipt: an empty form for the next report (继续举报, 返回首页). */
  const startOver = () => {
    setReceipt(null)
    setForm(EMPTY)
    setImages([])
    setError(null)
    setFieldErrors({})
    draftId.current = null
  }

  return { form, set, images, addImages, removeImage, busy, error, fieldErrors, receipt, submit, startOver }
}
