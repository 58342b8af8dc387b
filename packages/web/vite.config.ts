import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './scripts/precompress.ts';

// The console is served by the server from the same origin; `npm run dev` proxies the API.
export default defineConfig({
  // precompress: the server sends the .br/.gz written next to each asset (web-console.ts).
  plugins: [react(), precompress()],
  resolve: {
    // @docket/verify from its TypeScript source (packages/verify/package.json), not its build.
    conditions: ['@docket/source', ...defaultClientConditions],
    // The auditor's view runs the offline verifier (packages/verify/src) in the browser: its
    // node:crypto (and Buffer) come from a small WebCrypto-backed stand-in.
    alias: [{ find: /^node:crypto$/, replacement: fileURLToPath(new URL('./src/features/audit/browser-crypto.ts', import.meta.url)) }],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080', '/openapi.json': 'http://localhost:8080' },
  },
});
