import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Built into the repository's dist/web, which the API serves next to /api (apps/api/src/web-console.ts). */
export default defineConfig({
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
