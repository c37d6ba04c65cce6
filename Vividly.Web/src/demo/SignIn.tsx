import { useState, type FormEvent } from 'react';
import { appSettings } from '../appSettings';
import { DevEndpointMissingError, fetchDevToken } from '../auth/token';

const demoStudents = [
  { id: 'student-ada', name: 'Ada', note: 'Year 10 · Biology' },
  { id: 'student-grace', name: 'Grace', note: 'Year 11 · Physics' },
  { id: 'student-alan', name: 'Alan', note: 'Year 12 · Maths' },
];

/** Development sign-in: asks the hub's dev endpoint for a demo student's token. */
export function SignIn({ onToken }: { onToken: (token: string) => void }) {
  const [userId, setUserId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);

  const signInAs = async (id: string) => {
    const trimmed = id.trim();
    if (!trimmed) return;
    setBusy(true);
    setError(null);
    try {
      const token = await fetchDevToken(trimmed, appSettings.apiUrl);
      onToken(token.access_token);
    } catch (e) {
      if (e instanceof DevEndpointMissingError) setUnavailable(true);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void signInAs(userId);
  };

  if (unavailable) {
    return (
      <section className="card card-narrow" aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in through Vividly</h1>
        <p className="muted">
          This server does not offer demo sign-in. Open the notification center from the Vividly app, which
          signs you in.
        </p>
      </section>
    );
  }

  return (
    <section className="card card-narrow" aria-labelledby="signin-title">
      <p className="eyebrow">Development</p>
      <h1 id="signin-title">Sign in as a demo student</h1>
      <p className="muted">Pick a student to see their notifications live. Open a second tab to watch them stay in sync.</p>
      <ul className="students">
        {demoStudents.map((s, i) => (
          <li key={s.id}>
            <button type="button" className="student" disabled={busy} onClick={() => void signInAs(s.id)}>
              <span className={`avatar avatar-lg avatar-${i % 3}`} aria-hidden="true">
                {s.name.slice(0, 1)}
              </span>
              <span className="student-text">
                <span className="student-name">{s.name}</span>
                <span className="student-note">{s.note}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={onSubmit}>
        <label htmlFor="user-id">Or any user id</label>
        <div className="input-row">
          <input
            id="user-id"
            name="user_id"
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
            placeholder="student-123"
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" className="btn btn-primary" disabled={busy || !userId.trim()}>
            Sign in
          </button>
        </div>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
