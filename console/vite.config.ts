import path from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/**
 * The admin console: its own bundle in dist/console, served by the Koa server at /admin/
 * (server/http/console.ts). The reader H5 app (Taro, dist/h5) never imports from here. Pages are
 * lazy, so the charts (ECharts) and the editor (Tiptap) load only with the pages that use them.
 */
export default defineConfig({
  root: __dirname,
  base: '/admin/',
  plugins: [react()],
  resolve: { alias: { '@contract': path.resolve(__dirname, '../contract') } },
  build: {
    outDir: path.resolve(__dirname, '../dist/console'),
    emptyOutDir: true,
    target: 'es2020',
    // antd + pro-components are about 2 MB minified (670 kB gzipped); a desktop console on the campus network loads them once.
    chunkSizeWarningLimit: 2500,
  },
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
})
