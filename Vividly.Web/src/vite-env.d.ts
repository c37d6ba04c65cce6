/// <reference types="vite/client" />

/** The build variables of `settings.ts`. */
interface ImportMetaEnv {
  readonly VITE_API_URL?: string;
  readonly VITE_ENABLE_NOTIFICATIONS?: string;
}
