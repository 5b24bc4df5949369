import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { ensureSignedIn } from './services/auth'
import './app.css'

function App({ children }: PropsWithChildren) {
  // Sign in once at launch; pages await the same promise through useSession.
  useLaunch(() => {
    void ensureSignedIn().catch(() => undefined)
  })
  return children
}

export default App
