import { App, Button, type ButtonProps } from 'antd'
import { useState, type ReactNode } from 'react'
import { friendlyMessage } from '../services/errors'

/**
 * A button for an action that cannot be taken back (撤回, 停用, 一键提醒): it asks first in a
 * dialog that says what will happen, then runs the action, showing a Chinese message either way.
 */
export function ConfirmButton({
  title,
  content,
  okText = '确定',
  success,
  onConfirm,
  children,
  danger = true,
  ...button
}: {
  title: string
  content: ReactNode
  okText?: string
  /** Message after success; a function gets the action's result. */
  success?: string | ((result: never) => string)
  onConfirm(): Promise<unknown>
  children: ReactNode
} & Omit<ButtonProps, 'onClick' | 'title' | 'content'>) {
  const { modal, message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const open = () =>
    modal.confirm({
      title,
      content,
      okText,
      cancelText: '取消',
      okButtonProps: { danger },
      onOk: async () => {
        setBusy(true)
        try {
          const result = await onConfirm()
          if (success) void message.success(typeof success === 'function' ? success(result as never) : success)
        } catch (err) {
          void message.error(friendlyMessage(err))
        } finally {
          setBusy(false)
        }
      },
    })
  return (
    <Button danger={danger} loading={busy} onClick={open} {...button}>
      {children}
    </Button>
  )
}
