import Taro from '@tarojs/taro'

/**
 * Lets the user pick up to `count` images (album or camera) and returns their temporary
 * paths. chooseMedia (the older image picker is deprecated); it is a privacy API, so WeChat first
 * shows our privacy prompt when the user has not agreed yet (services/privacy.ts).
 */
export async function pickImages(count: number): Promise<string[]> {
  const picked = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })
  return picked.tempFiles.map((f) => f.tempFilePath)
}
