import { describe, expect, it } from 'vitest';
import { readSettings, SettingError } from './settings';

describe('readSettings', () => {
  it('unset: the hub is this origin and notifications are on', () => {
    expect(readSettings({})).toEqual({ apiUrl: '', notificationsEnabled: true });
    expect(readSettings({ VITE_API_URL: ' ', VITE_ENABLE_NOTIFICATIONS: '' })).toEqual({ apiUrl: '', notificationsEnabled: true });
  });

  it('takes the hub URL without its trailing slash, keeping a path prefix', () => {
    expect(readSettings({ VITE_API_URL: 'https://realtime.vividly.example/' }).apiUrl).toBe('https://realtime.vividly.example');
    expect(readSettings({ VITE_API_URL: 'http://127.0.0.1:5080' }).apiUrl).toBe('http://127.0.0.1:5080');
    expect(readSettings({ VITE_API_URL: 'https://api.vividly.example/realtime/' }).apiUrl).toBe('https://api.vividly.example/realtime');
  });

  it.each(['realtime.vividly.example', '/api', 'ftp://realtime.vividly.example', 'https://realtime.vividly.example/?x=1', 'https://realtime.vividly.example#top', 'https://user:pass@realtime.vividly.example'])(
    'refuses %s as VITE_API_URL',
    (value) => {
      expect(() => readSettings({ VITE_API_URL: value })).toThrow(SettingError);
      expect(() => readSettings({ VITE_API_URL: value })).toThrow(/VITE_API_URL/);
    },
  );

  it('VITE_ENABLE_NOTIFICATIONS is true or false, in any case', () => {
    expect(readSettings({ VITE_ENABLE_NOTIFICATIONS: 'false' }).notificationsEnabled).toBe(false);
    expect(readSettings({ VITE_ENABLE_NOTIFICATIONS: ' FALSE ' }).notificationsEnabled).toBe(false);
    expect(readSettings({ VITE_ENABLE_NOTIFICATIONS: 'True' }).notificationsEnabled).toBe(true);
  });

  it.each(['0', 'no', 'off', 'yes'])('refuses %s as VITE_ENABLE_NOTIFICATIONS', (value) => {
    expect(() => readSettings({ VITE_ENABLE_NOTIFICATIONS: value })).toThrow(/VITE_ENABLE_NOTIFICATIONS/);
  });
});
