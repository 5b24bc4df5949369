import { Text } from '@tarojs/components'

/** The message under a form field (a Chinese sentence from the server's validation details, see services/errors.ts). */
export function FieldError({ message, className = '' }: { message?: string | null; className?: string }) {
  if (!message) return null
  return <Text className={`field-error ${className}`}>{message}</Text>
}
