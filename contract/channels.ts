import { z } from 'zod'

/** How a reader first came to an item (docs/wechat.md): the codes links and scenes carry. */
export const channel = z.enum(['mp', 'sub', 'code', 'link', 'share', 'tl', 'search', 'direct', 'h5', 'other'])
export const CHANNELS = channel.options
export type Channel = z.infer<typeof channel>
