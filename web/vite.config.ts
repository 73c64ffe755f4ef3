import { fileURLToPath, URL } from 'node:url';
import { defineConfig, type ProxyOptions } from 'vite';
import vue from '@vitejs/plugin-vue';

/** Dev server and `vite preview` both answer on 127.0.0.1:3000; the production build goes to web/dist. */
const server = { host: '127.0.0.1', port: 3000, strictPort: true } as const;

/** `/command-api/*` and `/query-api/*` of the dev server go to the APIs (`npm run dev` sets the targets). */
function apiProxy(prefix: string, target: string): ProxyOptions {
  return { target, changeOrigin: true, rewrite: (path) => path.slice(prefix.length) };
}

export default defineConfig({
  plugins: [vue()],
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
});
