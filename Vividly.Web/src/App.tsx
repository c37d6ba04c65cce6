import { useCallback, useEffect, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { NotificationCenter, PushSubscriptionProvider, forgetPushSubscription, useNotifications, type Notification } from '@vividly/notification-center';
import { appSettings } from './appSettings';
import { clearToken, initialToken, readClaims, requestContent, saveToken, takeFragmentToken } from './auth/token';
import { RequestVideo } from './demo/RequestVideo';
import { SignIn } from './demo/SignIn';
import { VideoPage } from './demo/VideoPage';

function usePath() {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((href: string) => {
    window.history.pushState(null, '', href);
    setPath(new URL(href, window.location.href).pathname);
    window.scrollTo(0, 0);
  }, []);
  return { path, navigate };
}

export function App() {
  const [token, setToken] = useState<string | null>(() =>
    initialToken(window.location, window.history, window.sessionStorage),
  );
  const [notice, setNotice] = useState<string | null>(null);
  const { path, navigate } = usePath();
  // Notifications off: no client, so no connection and no call; the bell is not shown.
  const notifications = useNotifications({
    accessToken: appSettings.notificationsEnabled ? token : null,
    baseUrl: appSettings.apiUrl,
  });
  const claims = token ? readClaims(token) : null;

  const signIn = useCallback((next: string) => {
    saveToken(window.sessionStorage, next);
    setNotice(null);
    setToken(next);
  }, []);

  const tokenRef = useRef(token);
  tokenRef.current = token;
  const signOut = useCallback(async (message: string | null = null) => {
    // While the token still counts: the hub forgets this browser's push subscription only for its
    // owner, and the next user of this computer must not get the last one's pushes. Bounded; never prompts.
    await forgetPushSubscription({ accessToken: tokenRef.current, baseUrl: appSettings.apiUrl });
    clearToken(window.sessionStorage);
    setToken(null);
    setNotice(message);
  }, []);

  // A host may hand over a new token without a reload.
  useEffect(() => {
    const onHash = () => {
      const next = takeFragmentToken(window.location, window.history);
      if (next) signIn(next);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [signIn]);

  useEffect(() => {
    if (notifications.unauthorized) void signOut('The server did not accept your sign-in. Please sign in again.');
  }, [notifications.unauthorized, signOut]);

  const onNavigate = useCallback(
    (href: string, event: ReactMouseEvent<HTMLAnchorElement>) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate(href);
    },
    [navigate],
  );

  // The topic of each request made here, so a failed one can be asked for again.
  const topics = useRef(new Map<string, string>());
  const remember = useCallback((requestId: string, topic: string) => topics.current.set(requestId, topic), []);
  const retry = useCallback(
    async (failed: Notification) => {
      const requestId = failed.payload?.content_request_id;
      const topic = typeof requestId === 'string' ? topics.current.get(requestId) : undefined;
      if (!token || !topic) {
        setNotice('Request that video again with the form below.');
        navigate('/');
        return;
      }
      try {
        remember((await requestContent(topic, token, appSettings.apiUrl)).request_id, topic);
      } catch (e) {
        setNotice(`The video could not be requested again: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    [token, navigate, remember],
  );

  const videoMatch = /^\/video\/([^/]+)\/?$/.exec(path);
  const who = claims?.sub ?? null;

  return (
    <div className="app">
      <header className="topbar">
        <a
          className="brand"
          href="/"
          onClick={(e) => {
            e.preventDefault();
            navigate('/');
          }}
        >
          <span className="brand-mark" aria-hidden="true">
            <svg viewBox="0 0 24 24" width="16" height="16">
              <path d="M8 5.5v13l10-6.5z" fill="currentColor" />
            </svg>
          </span>
          Vividly
        </a>
        <div className="topbar-right">
          {token && (
            <>
              {who && (
                <span className="user-chip" title={`Signed in as ${who}`}>
                  <span className="avatar" aria-hidden="true">
                    {who.replace(/^student-/, '').slice(0, 1).toUpperCase()}
                  </span>
                  <span className="user-name">{who}</span>
                </span>
              )}
              <button type="button" className="btn btn-ghost" onClick={() => void signOut()}>
                Sign out
              </button>
              {appSettings.notificationsEnabled && <PushSubscriptionProvider accessToken={token} baseUrl={appSettings.apiUrl}><NotificationCenter notifications={notifications} onNavigate={onNavigate} onRetry={(n) => void retry(n)} /></PushSubscriptionProvider>}
            </>
          )}
        </div>
      </header>

      <main className="main">
        {notice && (
          <p className="notice" role="alert">
            {notice}
          </p>
        )}
        {videoMatch ? (
          <VideoPage contentId={decodeURIComponent(videoMatch[1]!)} onBack={() => navigate('/')} />
        ) : token ? (
          <RequestVideo token={token} rows={notifications.rows} onNavigate={onNavigate} onRequested={remember} />
        ) : (
          <SignIn onToken={signIn} />
        )}
      </main>
    </div>
  );
}
