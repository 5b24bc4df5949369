/** A production environment that passes every start-up check: tests change one setting of it. */
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-real-secret-that-is-long-enough-1234567',
  TIP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  WECHAT_APPID: 'wx123',
  WECHAT_SECRET: 'real-secret',
  WECHAT_TEMPLATE_ID: 'AbCdEf-real-template-id',
  WECHAT_API_BASE: 'https://api.weixin.qq.com',
  MONGODB_URI: 'mongodb://db.internal:27017/campaign',
}
