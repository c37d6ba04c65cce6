import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/**
 * Serves the notification center's service worker at the app's root (`/vividly-sw.js`), from the
 * dev server and as a file of the build, so its scope covers every page of the app.
 */
export function vividlyServiceWorker(fileName = 'vividly-sw.js'): Plugin {
  const source = () => readFileSync(createRequire(import.meta.url).resolve('@vividly/notification-center/service-worker.js'), 'utf8');
  return {
    name: 'vividly-service-worker',
    configureServer(server) {
      server.middlewares.use(`/${fileName}`, (_request, response) => {
        response.setHeader('Content-Type', 'text/javascript');
        response.end(source());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName, source: source() });
    },
  };
}
