import { createApiClient } from './request'
import { taroStorage, taroTransport } from './taro-transport'

export { ApiError } from './request'

/** The app's single API client. */
export const api = createApiClient({ baseUrl: `${API_BASE}/api`, transport: taroTransport, storage: taroStorage })
