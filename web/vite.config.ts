import { fileURLToPath, URL } from 'node:url';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';
import vue from '@vitejs/plugin-vue';
import { VitePWA } from 'vite-plugin-pwa';

/** Dev server and `vite preview` both answer on 127.0.0.1:3000; the production build goes to web/dist. */
const server = { host: '127.0.0.1', port: 3000, strictPort: true } as const;

/** `/command-api/*` and `/query-api/*` of the dev server go to the APIs (`npm run dev` sets the targets). */
function apiProxy(prefix: string, target: string): ProxyOptions {
  return { target, changeOrigin: true, rewrite: (path) => path.slice(prefix.length) };
}

/** `--mode mock` (`npm run dev:mock`): the page starts Mock Service Worker before the app (src/mocks/start.ts). */
function mockEntry(): Plugin {
  return {
    name: 'conveyor-mock-entry',
    transformIndexHtml: (html) => html.replace('src="/src/main.ts"', 'src="/src/mocks/start.ts"'),
  };
}

/**
 * Installable dashboard: the manifest, and a service worker that precaches the shell (scripts, styles,
 * icons) and answers a page it cannot fetch with its cached copy, else public/offline.html.
 */
const pwa = VitePWA({
  registerType: 'autoUpdate',
  injectRegister: 'script-defer',
  includeAssets: ['favicon.svg', 'apple-touch-icon.png', 'offline.html'],
  manifest: {
    name: 'Conveyor',
    short_name: 'Conveyor',
    description: 'Jobs, analytics and live progress of the Conveyor job platform.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: '#4f46e5',
    background_color: '#ffffff',
    icons: [
      { src: 'pwa-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'pwa-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'pwa-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
    // The mock worker is for `dev:mock` only; the shipped app never registers it.
    globIgnores: ['mockServiceWorker.js'],
    navigateFallback: null,
    runtimeCaching: [{
      urlPattern: ({ request }) => request.mode === 'navigate',
      handler: 'NetworkFirst',
      options: { cacheName: 'conveyor-pages', networkTimeoutSeconds: 3, precacheFallback: { fallbackURL: 'offline.html' } },
    }],
  },
});

export default defineConfig(({ mode }) => ({
  plugins: [vue(), pwa, ...(mode === 'mock' ? [mockEntry()] : [])],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    ...server,
    proxy: {
      '/command-api': apiProxy('/command-api', process.env.COMMAND_API_TARGET ?? 'http://127.0.0.1:3001'),
      '/query-api': apiProxy('/query-api', process.env.QUERY_API_TARGET ?? 'http://127.0.0.1:3002'),
    },
  },
  preview: server,
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
}));
