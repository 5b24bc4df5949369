import Taro from '@tarojs/taro'
import { api } from './api'

/**
 * Asks the reader (WeChat only) to accept news reminders. WeChat subscriptions are one-time:
 * each acceptance allows one message, so the app asks again after a push was received.
 */
export async function requestNewsReminders(): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp') return false
  const { subscriptionTemplateIds } = await api.get<{ subscriptionTemplateIds: string[] }>('/client-config')
  const res = await Taro.requestSubscribeMessage({ tmplIds: subscriptionTemplateIds, entityIds: [] } as never)
  const accepted = subscriptionTemplateIds.filter((id) => (res as unknown as Record<string, string>)[id] === 'accept')
  const rejected = subscriptionTemplateIds.filter((id) => !accepted.includes(id))
  await api.put('/me/subscriptions', { accepted, rejected })
  return accepted.length > 0
}
