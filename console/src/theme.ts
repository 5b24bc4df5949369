import type { ThemeConfig } from 'antd'
import tokensCss from '../../src/styles/tokens.css?raw'
import { tokenColor } from './services/tokens'

export const colors = {
  brand: tokenColor(tokensCss, 'color-brand'),
  success: tokenColor(tokensCss, 'color-success'),
  warning: tokenColor(tokensCss, 'color-warning'),
  info: tokenColor(tokensCss, 'color-info'),
  link: tokenColor(tokensCss, 'color-link'),
  muted: tokenColor(tokensCss, 'color-text-muted'),
}

/** Desktop sizes: 14 px text and 32 px controls, antd's defaults, in the campaign's colours. */
export const theme: ThemeConfig = {
  // As CSS variables (--ant-color-border…) too, so console.css writes no colour of its own.
  cssVar: { prefix: 'ant' },
  hashed: false,
  token: { colorPrimary: colors.brand, colorLink: colors.link, colorSuccess: colors.success, colorWarning: colors.warning, colorInfo: colors.info, fontSize: 14, borderRadius: 6 },
}
