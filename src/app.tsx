import type { PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { ensureSignedIn } from './services/auth'
import { noteAppScene } from './services/arrival'
import { privacy } from './services/privacy'
import { consent } from './services/subscriptions'
// Tokens first: app.css and every page's styles read them.
import './styles/tokens.css'
import './app.css'

function App({ children }: PropsWithChildren) {
  // Sign in once at launch; pages await the same promise through useSession.
  useLaunch(() => {
    void ensureSignedIn().catch(() => undefined)
    // Privacy APIs wait for the user's consent to our privacy guide (components/PrivacyPrompt).
    if (process.env.TARO_ENV === 'weapp') {
      Taro.onNeedPrivacyAuthorization?.(privacy.onNeed)
      // How this visit began (公众号, 小程序码, share…): recorded with the first open of each article.
      noteAppScene(Taro.getLaunchOptionsSync?.().scene)
      Taro.onAppShow?.((options) => noteAppScene(options.scene))
      // Template ids ready before any tap: requestSubscribeMessage must run synchronously in it.
      void consent.preload()
    }
  })
  return children
}

export default App
