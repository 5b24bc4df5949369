/**
 * How a reader arrived at an item: WeChat's launch/show scene (场景值) and the `ch` query
 * parameter our own links carry. `ch` wins (we know which link it was); otherwise the scene
 * says where WeChat opened the mini-program from.
 * https://developers.weixin.qq.com/miniprogram/dev/reference/scene-list.html
 */
import { CHANNELS, type Channel } from '../../../contract/channels'

export { CHANNELS, type Channel }

export const CHANNEL_NAMES: Record<Channel, string> = {
  mp: '公众号（文章、菜单、模板消息）',
  sub: '订阅消息',
  code: '小程序码（海报）',
  link: 'URL Link（短信、QQ群）',
  share: '微信转发',
  tl: '朋友圈',
  search: '微信搜索',
  direct: '直接打开小程序',
  h5: '网页版',
  other: '其他',
}

const SCENES: Record<number, Channel> = {}
const add = (channel: Channel, scenes: number[]) => scenes.forEach((s) => (SCENES[s] = channel))
// 公众号: 菜单 1035, 模板消息 1043, 文章 1058, 会话卡片 1074, 文字链 1082, profile 1020/1102, 文章广告 1067, 服务号会话 1157.
add('mp', [1020, 1035, 1043, 1058, 1067, 1074, 1082, 1091, 1102, 1157])
// 订阅消息: 1014, and 1107 (opened from the subscription message list).
add('sub', [1014, 1107])
// 二维码 / 小程序码: scanned 1011/1047, long-press 1012/1048, from the album 1013/1049.
add('code', [1011, 1012, 1013, 1047, 1048, 1049])
// URL Scheme 1065, URL Link 1194.
add('link', [1065, 1194])
// Chat cards: one-to-one 1007, group 1008, with shareTicket 1044, chat history 1096.
add('share', [1007, 1008, 1044, 1096])
// 朋友圈: single-page mode 1154, opened from it 1155.
add('tl', [1154, 1155])
add('search', [1005, 1006, 1027, 1053])
// The app list, pull-down, 我的小程序, desktop icon, recent.
add('direct', [1001, 1023, 1089, 1103, 1104, 1256, 1257])

export function channelOfScene(scene: number | undefined): Channel | null {
  return scene === undefined ? null : (SCENES[scene] ?? null)
}

/** The channel of one arrival: our `ch` when it names one, else the scene's, else 'other'. */
export function resolveChannel(arrival: { ch?: string | null; scene?: number | null }): Channel {
  if (arrival.ch && (CHANNELS as readonly string[]).includes(arrival.ch)) return arrival.ch as Channel
  return channelOfScene(arrival.scene ?? undefined) ?? 'other'
}

/**
 * The 小程序码 scene for an article and channel: "<article id>.<ch>" (24 + 1 + ≤ 6 ≤ 32
 * characters, all allowed in a scene). WeChat hands it to the page as `scene`, URL-encoded.
 */
export function codeScene(articleId: string, ch: Channel): string {
  const scene = `${articleId}.${ch}`
  if (scene.length > 32) throw new Error(`scene too long: ${scene}`)
  return scene
}
