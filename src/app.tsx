import type { PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { ensureSignedIn } from './services/auth'
import { noteAppScene } from './services/arrival'
import { privacy } from './services/privacy'
import { dropScriptHrefs } from './services/h5-links'
import { consent } from './services/subscriptions'
// Tokens first: app.css and every page's styles read them.
import './styles/tokens.css'
import './app.css'

// Taro's web shell (navigation bar, tab bar, switches) only exists in H5; WeChat never gets these rules.
// eslint-disable-next-line @typescript-eslint/no-require-imports
if (process.env.TARO_ENV === 'h5') require('./styles/h5-shell.css')

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
    if (process.env.TARO_ENV === 'h5') dropScriptHrefs(document)
  })
  return children
}

export default App
