import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import type { Plugin } from 'vite'

/**
 * Vant's stylesheet declares its icon font as a data: URL plus a CDN fallback; the gateway's CSP
 * (default-src 'self', no font-src) blocks both. We use no Vant icons, so drop those @font-face rules.
 */
function dropVantIconFont(): Plugin {
  return {
    name: 'wenxin-drop-vant-icon-font',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('/vant/') || !id.split('?')[0].endsWith('.css')) return null
      return { code: code.replace(/@font-face\s*\{[^}]*\}/g, ''), map: null }
    },
  }
}

const backend = process.env.WENXIN_BACKEND ?? 'http://localhost:8080'

export default defineConfig({
  plugins: [dropVantIconFont(), vue()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/ws': { target: backend, ws: true },
      '/health': { target: backend },
      '/ready': { target: backend },
    },
  },
  preview: {
    proxy: {
      '/api': { target: backend },
      '/ws': { target: backend, ws: true },
      '/health': { target: backend },
      '/ready': { target: backend },
    },
  },
})
