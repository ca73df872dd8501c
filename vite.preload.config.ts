import { defineConfig } from 'vite';

// Sandboxed preload scripts must be single CommonJS files that require nothing but 'electron'.
export default defineConfig({
  build: {
    rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true } },
  },
});
