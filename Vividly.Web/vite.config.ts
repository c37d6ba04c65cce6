import { loadEnv } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { readSettings } from './src/settings.ts';
import { vividlyServiceWorker } from './serviceWorker.vite.ts';

// The hub serves the built app from its wwwroot at `/` (with SPA fallback).
const hubUrl = process.env.HUB_URL ?? 'http://localhost:5080';

export default defineConfig(({ mode }) => {
  // A bad VITE_API_URL or VITE_ENABLE_NOTIFICATIONS fails the build instead of shipping a page that cannot work.
  readSettings(loadEnv(mode, process.cwd(), 'VITE_'));
  return {
    plugins: [react(), vividlyServiceWorker()],
    build: {
      outDir: '../Vividly.Hub/wwwroot',
      emptyOutDir: true,
      sourcemap: false,
    },
    server: {
      proxy: {
        // REST, the dev endpoints and the SignalR hub (SSE stream + POSTs) all live under /api.
        '/api': { target: hubUrl, changeOrigin: false },
      },
    },
    test: {
      include: ['src/**/*.test.{ts,tsx}', 'packages/*/src/**/*.test.{ts,tsx}'],
      environment: 'node',
    },
  };
});
