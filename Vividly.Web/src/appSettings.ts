import { readSettings } from './settings';

/** This build's settings; vite.config.ts has already refused a bad value. */
export const appSettings = readSettings({
  VITE_API_URL: import.meta.env.VITE_API_URL,
  VITE_ENABLE_NOTIFICATIONS: import.meta.env.VITE_ENABLE_NOTIFICATIONS,
});
