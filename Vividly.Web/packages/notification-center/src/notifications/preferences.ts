import { authorizedFetch, joinUrl, type TokenSource } from './api';
import { NotificationTypes, type WireSchemas } from './types';

/** `GET|PUT /api/v1/preferences`: the caller's channels, email cadence and quiet hours. */

export type Channel = keyof WireSchemas['ChannelChoices'];
export const settableChannels = ['email', 'push'] as const satisfies readonly Channel[];
export type SettableChannel = (typeof settableChannels)[number];

export type EmailCadence = WireSchemas['EffectiveCadence']['value'];
export const emailCadences: readonly EmailCadence[] = ['instant', 'hourly', 'daily', 'off'];

/** Where an effective value came from: the type, all types, the default, a lock, or always (in-app). */
export type PreferenceSource = WireSchemas['EffectiveChannel']['source'];

/** null means "not set here": the effective value falls back type → all → default. */
export type PreferenceEntry = WireSchemas['ChannelPreferences'];
export type QuietHours = WireSchemas['QuietHours'];
/** What PUT takes. */
export type Preferences = WireSchemas['UserPreferences'];
export type EffectivePreference = WireSchemas['EffectiveTypePreferences'];
/** What GET (and PUT) answers: the document plus what applies to each type, and when it last changed. */
export type PreferencesDocument = WireSchemas['PreferencesAnswer'];

/** An entry that sets nothing. */
export const unsetEntry: PreferenceEntry = { channels: { in_app: null, email: null, push: null }, email_cadence: null };

export const defaultQuietHours: QuietHours = { enabled: false, start: '22:00', end: '07:00', time_zone: 'UTC' };

/** The types a person sets channels for, in the order the panel lists them. */
export const preferenceTypes: readonly { type: string; label: string }[] = [
  { type: NotificationTypes.GenerationStarted, label: 'Video started' },
  { type: NotificationTypes.GenerationProgress, label: 'Video progress' },
  { type: NotificationTypes.GenerationCompleted, label: 'Video ready' },
  { type: NotificationTypes.GenerationFailed, label: 'Video failed' },
  { type: NotificationTypes.ClarificationNeeded, label: 'Question about a request' },
  { type: NotificationTypes.SystemAnnouncement, label: 'Announcements' },
];

export interface PreferencesApi {
  get(): Promise<PreferencesDocument>;
  /** Saves, then answers the document as GET would. */
  put(preferences: Preferences): Promise<PreferencesDocument>;
}

function documentOf(body: Partial<PreferencesDocument>): PreferencesDocument {
  return {
    all: body.all ?? unsetEntry,
    types: body.types ?? {},
    quiet_hours: { ...defaultQuietHours, ...body.quiet_hours },
    effective: body.effective ?? {},
    updated_at: body.updated_at ?? null,
  };
}

export function createPreferencesApi(
  baseUrl: string,
  getToken: TokenSource,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): PreferencesApi {
  const url = joinUrl(baseUrl, '/api/v1/preferences');
  const get = async () => documentOf((await (await authorizedFetch(url, getToken, {}, fetchImpl)).json()) as Partial<PreferencesDocument>);
  return {
    get,
    async put(preferences) {
      const response = await authorizedFetch(
        url,
        getToken,
        { method: 'PUT', body: JSON.stringify(preferences), headers: { 'Content-Type': 'application/json' } },
        fetchImpl,
      );
      const body = response.status === 204 ? null : ((await response.json().catch(() => null)) as Partial<PreferencesDocument> | null);
      // The answer may leave out what GET adds; then GET says it.
      return body?.effective ? documentOf(body) : get();
    },
  };
}

/** The field names of a refusal's `errors`, as written (`quiet_hours.time_zone`), matched without case. */
export function fieldErrors(errors: Record<string, string[]> | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [field, messages] of Object.entries(errors ?? {})) {
    const message = Array.isArray(messages) ? messages.join(' ') : String(messages);
    out.set(field.toLowerCase(), message);
  }
  return out;
}
