import { App as AntApp, ConfigProvider } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { BrowserRouter, Route, Routes } from 'react-router-dom'
import { ConsoleLayout } from './layout/ConsoleLayout'
import { NotFoundPage, PageGate } from './layout/PageGate'
import { CONSOLE_PAGES } from './pages'
import { SignInPage } from './pages/signin/SignInPage'
import { SessionProvider } from './session'
import { theme } from './theme'

dayjs.locale('zh-cn')

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter basename='/admin'>
            <Routes>
              <Route path='/login' element={<SignInPage />} />
              <Route element={<ConsoleLayout />}>
                {CONSOLE_PAGES.map((page) => (
                  <Route key={page.path} path={page.path} element={<PageGate page={page} />} />
                ))}
                <Route path='*' element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  )
}
