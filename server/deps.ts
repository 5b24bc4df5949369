import type { Config } from './config'
import type { Clock } from './clock'
import type { Logger } from './logger'
import type { WechatClient } from './wechat/client'

/** What services need from the outside world; built once per app and passed down. */
export interface AppDeps {
  config: Config
  logger: Logger
  clock: Clock
  wechat: WechatClient
}
