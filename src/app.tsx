import type { PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { ensureSignedIn } from './services/auth'
import { privacy } from './services/privacy'
import './app.css'

function App({ children }: PropsWithChildren) {
  // Sign in once at launch; pages await the same promise through useSession.
  useLaunch(() => {
    void ensureSignedIn().catch(() => undefined)
    // Privacy APIs wait for the user's consent to our privacy guide (components/PrivacyPrompt).
    if (process.env.TARO_ENV === 'weapp') Taro.onNeedPrivacyAuthorization?.(privacy.onNeed)
  })
  return children
}

export default App
