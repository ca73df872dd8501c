import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// One bundle, two pages. Relative base so the same files load from Electron (app:// / file://)
// and from browser mode (/teller/, /customer/).
export default defineConfig({
  root: resolve(import.meta.dirname),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        teller: resolve(import.meta.dirname, 'teller/index.html'),
        customer: resolve(import.meta.dirname, 'customer/index.html'),
      },
    },
  },
});
