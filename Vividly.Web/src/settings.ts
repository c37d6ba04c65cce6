/** Vite's build-time variables this app reads (`import.meta.env`). */
export interface BuildVariables {
  VITE_API_URL?: string;
  VITE_ENABLE_NOTIFICATIONS?: string;
}

/** How this build reaches the hub, fixed when it is built. */
export interface AppSettings {
  /** Where the hub is, without a trailing slash; '' for the page's own origin (the hub serving the app). */
  apiUrl: string;
  /** false: no live connection, no notification calls and no bell. */
  notificationsEnabled: boolean;
}

/** A build variable with a value the app cannot use; thrown while building, so no broken build ships. */
export class SettingError extends Error {
  constructor(name: keyof BuildVariables, value: string, expected: string) {
    super(`${name}="${value}": ${expected}`);
    this.name = 'SettingError';
  }
}

function apiUrlOf(value: string | undefined): string {
  const text = value?.trim() ?? '';
  if (text === '') return '';
  const expected = 'expected an absolute http(s) URL of the hub, such as https://realtime.vividly.example, without query or fragment';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingError('VITE_API_URL', text, expected);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password || text.includes('?') || text.includes('#')) {
    throw new SettingError('VITE_API_URL', text, expected);
  }
  // A path is kept: the hub may sit under a prefix behind a proxy.
  return (url.origin + url.pathname).replace(/\/+$/, '');
}

function enabledOf(value: string | undefined): boolean {
  const text = value?.trim().toLowerCase() ?? '';
  if (text === '' || text === 'true') return true;
  if (text === 'false') return false;
  throw new SettingError('VITE_ENABLE_NOTIFICATIONS', value ?? '', 'expected true or false');
}

export function readSettings(variables: BuildVariables): AppSettings {
  return { apiUrl: apiUrlOf(variables.VITE_API_URL), notificationsEnabled: enabledOf(variables.VITE_ENABLE_NOTIFICATIONS) };
}
