import { useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { HttpStatusError } from '../notifications/api';
import { PushOptIn } from '../push/PushOptIn';
import { errorText } from '../notifications/connection';
import {
  emailCadences,
  fieldErrors,
  preferenceTypes,
  settableChannels,
  type EffectivePreference,
  type EmailCadence,
  type PreferenceEntry,
  type Preferences,
  type PreferencesApi,
  type PreferencesDocument,
  type SettableChannel,
  unsetEntry,
} from '../notifications/preferences';

interface PreferencesPanelProps {
  api: PreferencesApi;
  disabled: boolean;
}

const channelLabels: Record<SettableChannel, string> = { email: 'Email', push: 'Push' };
const sourceLabels: Record<string, string> = {
  type: 'set here',
  all: 'from all types',
  default: 'default',
  locked: 'locked',
  always: 'always',
};

function timeZones(current: string): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return [...new Set(['UTC', current, ...zones])].filter(Boolean);
}

function editable(doc: PreferencesDocument): Preferences {
  return { all: doc.all, types: doc.types, quiet_hours: doc.quiet_hours };
}

type Tri = 'inherit' | 'on' | 'off';
const triOf = (value: boolean | null | undefined): Tri => (value === true ? 'on' : value === false ? 'off' : 'inherit');
const valueOf = (tri: Tri): boolean | null => (tri === 'on' ? true : tri === 'off' ? false : null);

/**
 * The user's preferences inside the center: email and push per type and for all types, the
 * email cadence, and quiet hours (start, end, time zone). Loads with GET and saves with PUT
 * `/api/v1/preferences`; a refusal is shown at the field it names. Locked types show as locked.
 */
export function PreferencesPanel({ api, disabled }: PreferencesPanelProps) {
  const [doc, setDoc] = useState<PreferencesDocument | null>(null);
  const [draft, setDraft] = useState<Preferences | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const formId = useId();

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const next = await api.get();
      setDoc(next);
      setDraft(editable(next));
    } catch (error) {
      setLoadError(`Couldn't load your preferences: ${errorText(error)}`);
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const zones = useMemo(() => timeZones(draft?.quiet_hours.time_zone ?? 'UTC'), [draft?.quiet_hours.time_zone]);

  if (loadError) {
    return (
      <div className="nc-prefs">
        <p className="nc-feedback nc-feedback-error" role="alert">
          {loadError}{' '}
          <button type="button" className="nc-link" onClick={() => void load()}>
            Retry
          </button>
        </p>
      </div>
    );
  }
  if (!doc || !draft) return <p className="nc-prefs nc-note">Loading preferences…</p>;

  const change = (next: Preferences) => {
    setDraft(next);
    setSaved(false);
  };
  const entryOf = (type: string | null): PreferenceEntry => (type === null ? draft.all : (draft.types[type] ?? unsetEntry));
  const setEntry = (type: string | null, entry: PreferenceEntry) =>
    change(type === null ? { ...draft, all: entry } : { ...draft, types: { ...draft.types, [type]: entry } });
  const fieldPath = (type: string | null, rest: string) => `${type === null ? 'all' : `types.${type}`}.${rest}`;

  const save = async () => {
    setSaving(true);
    setErrors(new Map());
    setSummary(null);
    try {
      const next = await api.put(draft);
      setDoc(next);
      setDraft(editable(next));
      setSaved(true);
    } catch (error) {
      const problem = error instanceof HttpStatusError ? error.problem : null;
      const byField = fieldErrors(problem?.errors);
      setErrors(byField);
      setSummary(
        byField.size > 0 ? `Couldn't save: ${byField.size === 1 ? 'one field needs' : `${byField.size} fields need`} a change.` : `Couldn't save: ${errorText(error)}`,
      );
    } finally {
      setSaving(false);
    }
  };

  const known = new Set<string>();
  const field = (path: string): { id: string; error: string | undefined } => {
    known.add(path.toLowerCase());
    return { id: `${formId}-${path}`, error: errors.get(path.toLowerCase()) };
  };

  const entryControls = (type: string | null, effective: EffectivePreference | undefined) => {
    const entry = entryOf(type);
    const locked = effective?.locked === true;
    return (
      <div className="nc-prefs-row">
        {settableChannels.map((channel) => {
          const f = field(fieldPath(type, `channels.${channel}`));
          const eff = effective?.channels[channel];
          return (
            <Field key={channel} id={f.id} label={channelLabels[channel]} error={f.error}>
              <select
                id={f.id}
                value={locked ? 'on' : triOf(entry.channels?.[channel])}
                disabled={disabled || locked}
                aria-invalid={f.error ? true : undefined}
                aria-describedby={f.error ? `${f.id}-error` : undefined}
                onChange={(e) =>
                  setEntry(type, { ...entry, channels: { ...entry.channels, [channel]: valueOf(e.target.value as Tri) } })
                }
              >
                <option value="inherit">
                  {type === null ? 'Default' : 'As for all types'}
                  {eff && !locked ? ` (now ${eff.enabled ? 'on' : 'off'}, ${sourceLabels[eff.source] ?? eff.source})` : ''}
                </option>
                <option value="on">On</option>
                <option value="off">Off</option>
              </select>
            </Field>
          );
        })}
        {(() => {
          const f = field(fieldPath(type, 'email_cadence'));
          const eff = effective?.email_cadence;
          return (
            <Field id={f.id} label="Email cadence" error={f.error}>
              <select
                id={f.id}
                value={entry.email_cadence ?? 'inherit'}
                disabled={disabled}
                aria-invalid={f.error ? true : undefined}
                aria-describedby={f.error ? `${f.id}-error` : undefined}
                onChange={(e) =>
                  setEntry(type, {
                    ...entry,
                    email_cadence: e.target.value === 'inherit' ? null : (e.target.value as EmailCadence),
                  })
                }
              >
                <option value="inherit">
                  {type === null ? 'Default' : 'As for all types'}
                  {eff ? ` (now ${eff.value})` : ''}
                </option>
                {/* A locked type's email cannot be turned off, by its channel or its cadence. */}
                {emailCadences.filter((c) => !(locked && c === 'off')).map((c) => (
                  <option key={c} value={c}>
                    {c[0]!.toUpperCase() + c.slice(1)}
                  </option>
                ))}
              </select>
            </Field>
          );
        })()}
      </div>
    );
  };

  const quiet = draft.quiet_hours;
  const setQuiet = (patch: Partial<Preferences['quiet_hours']>) => change({ ...draft, quiet_hours: { ...quiet, ...patch } });
  const qEnabled = field('quiet_hours.enabled');
  const qStart = field('quiet_hours.start');
  const qEnd = field('quiet_hours.end');
  const qZone = field('quiet_hours.time_zone');
  const anyEffective = doc.effective[preferenceTypes[0]!.type];

  const typeSections = preferenceTypes.map(({ type, label }) => {
    const effective = doc.effective[type];
    return (
      <fieldset key={type} className="nc-prefs-set" data-type={type} data-locked={effective?.locked || undefined}>
        <legend>
          {label}
          {effective?.locked && <span className="nc-tag"> Locked: email and push always on</span>}
        </legend>
        {entryControls(type, effective)}
      </fieldset>
    );
  });
  const unplaced = [...errors].filter(([path]) => !known.has(path));

  return (
    <form
      className="nc-prefs"
      aria-label="Notification preferences"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <p className="nc-note">In-app notifications are always on.</p>
      <PushOptIn variant="full" />
      <fieldset className="nc-prefs-set">
        <legend>All types</legend>
        {entryControls(null, anyEffective && { ...anyEffective, locked: false })}
      </fieldset>
      {typeSections}
      <fieldset className="nc-prefs-set">
        <legend>Quiet hours</legend>
        <Field id={qEnabled.id} label="Hold notifications during quiet hours" error={qEnabled.error} inline>
          <input
            id={qEnabled.id}
            type="checkbox"
            checked={quiet.enabled}
            disabled={disabled}
            onChange={(e) => setQuiet({ enabled: e.target.checked })}
          />
        </Field>
        <div className="nc-prefs-row">
          <Field id={qStart.id} label="From" error={qStart.error}>
            <input
              id={qStart.id}
              type="time"
              value={quiet.start}
              disabled={disabled}
              aria-invalid={qStart.error ? true : undefined}
              aria-describedby={qStart.error ? `${qStart.id}-error` : undefined}
              onChange={(e) => setQuiet({ start: e.target.value })}
            />
          </Field>
          <Field id={qEnd.id} label="To" error={qEnd.error}>
            <input
              id={qEnd.id}
              type="time"
              value={quiet.end}
              disabled={disabled}
              aria-invalid={qEnd.error ? true : undefined}
              aria-describedby={qEnd.error ? `${qEnd.id}-error` : undefined}
              onChange={(e) => setQuiet({ end: e.target.value })}
            />
          </Field>
          <Field id={qZone.id} label="Time zone" error={qZone.error}>
            <select
              id={qZone.id}
              value={quiet.time_zone}
              disabled={disabled}
              aria-invalid={qZone.error ? true : undefined}
              aria-describedby={qZone.error ? `${qZone.id}-error` : undefined}
              onChange={(e) => setQuiet({ time_zone: e.target.value })}
            >
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </fieldset>
      <div className="nc-prefs-foot">
        <div role="alert">
          {summary && <p className="nc-field-error">{summary}</p>}
          {unplaced.map(([path, message]) => (
            <p key={path} className="nc-field-error">
              {path}: {message}
            </p>
          ))}
        </div>
        <p role="status" className="nc-note">
          {saved ? 'Saved' : ''}
        </p>
        <button type="submit" className="nc-save" disabled={disabled || saving}>
          {saving ? 'Saving…' : 'Save preferences'}
        </button>
      </div>
    </form>
  );
}

function Field({ id, label, error, inline, children }: { id: string; label: string; error?: string; inline?: boolean; children: ReactNode }) {
  return (
    <div className={inline ? 'nc-field nc-field-inline' : 'nc-field'}>
      {inline && children}
      <label htmlFor={id}>{label}</label>
      {!inline && children}
      {error && (
        <p id={`${id}-error`} className="nc-field-error">
          {error}
        </p>
      )}
    </div>
  );
}
