/**
 * WeChat's privacy rule (2023): before a privacy API (chooseMedia, setClipboardData,
 * downloadFile of a picture…) runs for a user who has not agreed to our 用户隐私保护指引,
 * WeChat pauses it and fires `wx.onNeedPrivacyAuthorization`. We must show the guide and
 * resolve: agreeing needs a tap on a `<Button openType='agreePrivacyAuthorization'>` whose id
 * we name (WeChat checks it was tapped). This controller holds the pending request; the
 * PrivacyPrompt component shows it. Plain TypeScript, tested without Taro.
 */
export type PrivacyResolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void

export const AGREE_BUTTON_ID = 'privacy-agree'

/** What the prompt says (Simplified Chinese; the full text is docs/privacy.md and the guide filed with WeChat). */
export const PRIVACY_SUMMARY =
  '为使用本功能，我们需要按《用户隐私保护指引》处理你的信息：绑定的学号/工号和姓名、阅读与答题进度（用于统计本部门知晓率）；' +
  '举报时选择的图片仅用于举报，默认匿名，不与你的身份关联；「保存为图片」只把举报回执写入你的相册。'

export class PrivacyPrompt {
  private pending: PrivacyResolve[] = []
  private listeners = new Set<(open: boolean) => void>()

  /** The listener to pass to Taro.onNeedPrivacyAuthorization. */
  readonly onNeed = (resolve: PrivacyResolve): void => {
    this.pending.push(resolve)
    resolve({ event: 'exposureAuthorization' })
    this.emit()
  }

  get open(): boolean {
    return this.pending.length > 0
  }

  /** The user tapped the agree button (open-type agreePrivacyAuthorization, id AGREE_BUTTON_ID). */
  agree(): void {
    this.settle({ event: 'agree', buttonId: AGREE_BUTTON_ID })
  }

  /** The user declined: the paused API fails ("privacy permission is not authorized"). */
  disagree(): void {
    this.settle({ event: 'disagree' })
  }

  subscribe(fn: (open: boolean) => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  private settle(option: Parameters<PrivacyResolve>[0]): void {
    const waiting = this.pending
    this.pending = []
    for (const resolve of waiting) resolve(option)
    this.emit()
  }

  private emit(): void {
    for (const fn of this.listeners) fn(this.open)
  }
}

export const privacy = new PrivacyPrompt()
