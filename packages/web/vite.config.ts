import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console is served by the server from the same origin; `npm run dev` proxies the API.
export default defineConfig({
  plugins: [react()],
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
