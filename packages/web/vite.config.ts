/**
 * Vite build of the pysec web app. `vite build packages/web` (or `npm run build:web`) from the
 * repository root, or `vite build` here, writes packages/web/dist, which `pysec serve` serves.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The server's CSP allows scripts from 'self' only: no inline module-preload polyfill,
    // and no assets inlined as data: URLs (only images may be data:).
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    host: '127.0.0.1',
    // `pysec serve --port 8457` in another terminal; the proxy keeps the API same-origin.
    proxy: { '/api': { target: 'http://127.0.0.1:8457', changeOrigin: true } },
  },
});
