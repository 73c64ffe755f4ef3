import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

/** Dev server and `vite preview` both answer on 127.0.0.1:3000; the production build goes to web/dist. */
const server = { host: '127.0.0.1', port: 3000, strictPort: true } as const;

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server,
  preview: server,
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
