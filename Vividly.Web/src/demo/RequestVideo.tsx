import { useState, type FormEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { formatRelativeTime, stageLabel, watchHref, type NotificationRow } from '@vividly/notification-center';
import { appSettings } from '../appSettings';
import { DevEndpointMissingError, requestContent } from '../auth/token';

const suggestions = ['Photosynthesis', 'The water cycle', 'Pythagoras’ theorem', 'How vaccines work'];

interface Props {
  token: string;
  rows: readonly NotificationRow[];
  onNavigate: (href: string, event: ReactMouseEvent<HTMLAnchorElement>) => void;
  /** Told of each request made, so a failed one can be retried. */
  onRequested?: (requestId: string, topic: string) => void;
}

/** The demo: a student asks for a video and watches its progress arrive live. */
export function RequestVideo({ token, rows, onNavigate, onRequested }: Props) {
  const [topic, setTopic] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [unavailable, setUnavailable] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = topic.trim();
    if (!text) return;
    setBusy(true);
    setMessage(null);
    try {
      const { request_id } = await requestContent(text, token, appSettings.apiUrl);
      onRequested?.(request_id, text);
      setMessage({
        kind: 'ok',
        text: appSettings.notificationsEnabled
          ? `Requested “${text}”. Follow it below or in the bell (request ${request_id}).`
          : `Requested “${text}” (request ${request_id}).`,
      });
      setTopic('');
    } catch (e) {
      if (e instanceof DevEndpointMissingError) setUnavailable(true);
      else setMessage({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const requests = rows.filter((r) => r.status !== null).slice(0, 6);

  return (
    <div className="stack">
      {!unavailable && (
        <section className="card hero" aria-labelledby="request-title">
          <p className="eyebrow">Create a video</p>
          <h1 id="request-title">What would you like to learn today?</h1>
          <form className="request-form" onSubmit={submit}>
            <label htmlFor="topic" className="visually-hidden">
              Topic
            </label>
            <input
              id="topic"
              name="topic"
              value={topic}
              onChange={(e) => setTopic(e.target.value)}
              placeholder="e.g. Photosynthesis explained simply"
              maxLength={200}
              autoComplete="off"
            />
            <button type="submit" className="btn btn-primary btn-lg" disabled={busy || !topic.trim()}>
              {busy ? 'Requesting…' : 'Request video'}
            </button>
          </form>
          <div className="chips" aria-label="Suggestions">
            {suggestions.map((s) => (
              <button key={s} type="button" className="chip" onClick={() => setTopic(s)}>
                {s}
              </button>
            ))}
          </div>
          {message && (
            <p className={message.kind === 'ok' ? 'form-ok' : 'form-error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
              {message.text}
            </p>
          )}
        </section>
      )}

      {/* Progress arrives as notifications: without them there is nothing to follow here. */}
      {appSettings.notificationsEnabled && (
        <section className="card" aria-labelledby="requests-title">
          <h2 id="requests-title">Your videos</h2>
          {requests.length === 0 ? (
            <p className="muted">Nothing yet. Request a video and watch it come together here and in the bell.</p>
          ) : (
            <ul className="requests">
              {requests.map((row) => {
                const n = row.notification;
                const href = row.status === 'completed' ? watchHref(n) : null;
                return (
                  <li key={row.key} className="request" data-status={row.status ?? undefined}>
                    <div className="request-main">
                      <p className="request-title">{n.title}</p>
                      {n.message && <p className="request-message">{n.message}</p>}
                      <p className="request-meta">
                        {row.status === 'running'
                          ? `${row.stageText ?? stageLabel(row.stage)} · ${Math.round(row.progress ?? 0)}%`
                          : row.status === 'completed'
                            ? 'Ready'
                            : 'Failed'}
                        {' · '}
                        {formatRelativeTime(row.updatedAt)}
                      </p>
                      {row.status === 'running' && (
                        <div className="nc-bar nc-bar-lg" aria-hidden="true">
                          <span style={{ width: `${row.progress ?? 0}%` }} />
                        </div>
                      )}
                    </div>
                    {href && (
                      <a className="btn btn-soft" href={href} onClick={(e) => onNavigate(href, e)}>
                        Watch now
                      </a>
                    )}
                    {row.status === 'failed' && <span className="pill pill-danger">Failed</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
