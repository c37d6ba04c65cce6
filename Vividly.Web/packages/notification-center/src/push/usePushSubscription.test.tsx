// @vitest-environment jsdom
import { StrictMode } from 'react';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakePushEnvironment, fakePushServer, fakeSubscription, otherKey, serverKey } from '../test/fakePush';
import { PushSubscriptionProvider } from './PushContext';
import { PushOptIn } from './PushOptIn';
import type { PushEnvironment } from './usePushSubscription';
import { base64UrlToBytes } from './vapidKey';

afterEach(cleanup);

interface Setup {
  environment: PushEnvironment | null;
  fetch: typeof fetch;
  token?: string | null;
  variant?: 'compact' | 'full';
  timeoutMs?: number;
}

function show({ environment, fetch, token = 'token-a', variant, timeoutMs }: Setup) {
  // Strict Mode, as the app runs: effects run twice, and must not send twice.
  const ui = (accessToken: string | null) => (
    <StrictMode>
      <PushSubscriptionProvider accessToken={accessToken} baseUrl="https://hub.test" environment={environment} fetch={fetch} timeoutMs={timeoutMs}>
        <PushOptIn variant={variant} />
      </PushSubscriptionProvider>
    </StrictMode>
  );
  const view = render(ui(token));
  return { ...view, signIn: (next: string | null) => view.rerender(ui(next)) };
}

const button = (name: string | RegExp) => screen.findByRole('button', { name });
const statusText = () => screen.getByRole('status').textContent;

describe('usePushSubscription and PushOptIn', () => {
  it('offers the opt-in on load without asking for permission or sending anything', async () => {
    const browser = fakePushEnvironment();
    const server = fakePushServer();
    show({ environment: browser.environment, fetch: server.fetch });
    expect((await button('Turn on notifications')).getAttribute('aria-describedby')).toBe(screen.getByRole('status').id);
    expect(statusText()).toContain('even when the app is closed');
    expect(browser.notification.requestPermission).not.toHaveBeenCalled();
    expect(browser.serviceWorker.register).not.toHaveBeenCalled();
    expect(server.writes()).toEqual([]);
  });

  it('on the click asks, registers the worker, subscribes with the server key and sends the subscription with the token', async () => {
    const browser = fakePushEnvironment();
    const server = fakePushServer();
    show({ environment: browser.environment, fetch: server.fetch });
    fireEvent.click(await button('Turn on notifications'));
    await button('Turn off');
    expect(statusText()).toContain('are on');
    expect(browser.notification.requestPermission).toHaveBeenCalledTimes(1);
    expect(browser.serviceWorker.register).toHaveBeenCalledWith('/vividly-sw.js');
    expect(browser.pushManager.subscribe).toHaveBeenCalledWith({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(serverKey) });
    expect(server.writes()).toEqual([
      { method: 'POST', url: 'https://hub.test/api/v1/push/subscriptions', auth: 'Bearer token-a', body: browser.current()!.toJSON() },
    ]);
  });

  it('hides itself when push is off on the server (404 for the key), and asks nothing', async () => {
    const browser = fakePushEnvironment({ permission: 'granted', existing: fakeSubscription() });
    const server = fakePushServer({ key: null });
    show({ environment: browser.environment, fetch: server.fetch });
    await waitFor(() => expect(server.calls.length).toBeGreaterThan(0));
    await waitFor(() => expect(screen.queryByTestId('push-opt-in')).toBeNull());
    expect(server.writes()).toEqual([]);
  });

  it('shows nothing while nobody is signed in', async () => {
    const server = fakePushServer();
    show({ environment: fakePushEnvironment().environment, fetch: server.fetch, token: null });
    await act(async () => undefined);
    expect(screen.queryByTestId('push-opt-in')).toBeNull();
    expect(server.calls).toEqual([]);
  });

  it('explains how to allow notifications again when the site blocks them, with no button, and offers it once allowed', async () => {
    const browser = fakePushEnvironment({ permission: 'denied' });
    show({ environment: browser.environment, fetch: fakePushServer().fetch });
    await waitFor(() => expect(statusText()).toContain('blocked for this site'));
    expect(statusText()).toContain('site settings');
    expect(screen.queryByRole('button')).toBeNull();
    (browser.notification as { permission: NotificationPermission }).permission = 'default';
    act(() => void browser.settingsChanged());
    await button('Turn on notifications');
  });

  it('says blocked when the prompt is answered Block, and stays off when it is dismissed', async () => {
    const blocked = fakePushEnvironment({ answer: 'denied' });
    show({ environment: blocked.environment, fetch: fakePushServer().fetch });
    fireEvent.click(await button('Turn on notifications'));
    await waitFor(() => expect(statusText()).toContain('blocked for this site'));
    expect(blocked.pushManager.subscribe).not.toHaveBeenCalled();
    cleanup();

    const dismissed = fakePushEnvironment({ answer: 'default' });
    show({ environment: dismissed.environment, fetch: fakePushServer().fetch });
    fireEvent.click(await button('Turn on notifications'));
    await waitFor(() => expect(statusText()).toContain('choose Allow'));
    expect(await button('Turn on notifications')).toBeTruthy();
  });

  it('says so in the full variant where the browser cannot, and shows nothing in the panel', async () => {
    show({ environment: null, fetch: fakePushServer().fetch, variant: 'full' });
    expect(statusText()).toContain('This browser cannot');
    expect(screen.queryByRole('button')).toBeNull();
    cleanup();
    show({ environment: null, fetch: fakePushServer().fetch });
    expect(screen.queryByTestId('push-opt-in')).toBeNull();
  });

  it('sends an existing subscription once per visit, and again for another user signing in', async () => {
    const existing = fakeSubscription();
    const browser = fakePushEnvironment({ permission: 'granted', existing });
    const server = fakePushServer();
    const view = show({ environment: browser.environment, fetch: server.fetch });
    await button('Turn off');
    expect(server.writes()).toEqual([{ method: 'POST', url: 'https://hub.test/api/v1/push/subscriptions', auth: 'Bearer token-a', body: existing.toJSON() }]);
    const looks = () => server.calls.filter((c) => c.url.endsWith('/vapid-public-key')).length;
    const before = looks();
    act(() => void browser.settingsChanged());
    await waitFor(() => expect(looks()).toBeGreaterThan(before));
    await button('Turn off');
    expect(server.writes()).toHaveLength(1);
    view.signIn('token-b');
    await waitFor(() => expect(server.writes()).toHaveLength(2));
    expect(server.writes()[1]!.auth).toBe('Bearer token-b');
    expect(browser.notification.requestPermission).not.toHaveBeenCalled();
  });

  it('subscribes again, without a prompt, when the server key changed', async () => {
    const old = fakeSubscription('https://push.example.test/send/old', otherKey);
    const browser = fakePushEnvironment({ permission: 'granted', existing: old });
    const server = fakePushServer();
    show({ environment: browser.environment, fetch: server.fetch });
    await button('Turn off');
    expect(old.unsubscribe).toHaveBeenCalled();
    expect(browser.pushManager.subscribe).toHaveBeenCalledTimes(1);
    expect(server.writes().map((c) => (c.body as { endpoint: string }).endpoint)).toEqual(['https://push.example.test/send/new']);
    expect(browser.notification.requestPermission).not.toHaveBeenCalled();
  });

  it('turning off deletes the subscription on the server, then in the browser', async () => {
    const existing = fakeSubscription();
    const browser = fakePushEnvironment({ permission: 'granted', existing });
    const server = fakePushServer();
    show({ environment: browser.environment, fetch: server.fetch });
    fireEvent.click(await button('Turn off'));
    expect(statusText()).toBe('Turning off notifications…');
    expect(screen.getByRole('button', { name: 'Turn off' }).hasAttribute('disabled')).toBe(true);
    await waitFor(() => expect(statusText()).toContain('even when the app is closed'));
    expect(server.writes().at(-1)).toEqual({
      method: 'DELETE',
      url: `https://hub.test/api/v1/push/subscriptions?endpoint=${encodeURIComponent(existing.endpoint)}`,
      auth: 'Bearer token-a',
      body: null,
    });
    expect(existing.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('gives up with a sentence when the push service never answers', async () => {
    const browser = fakePushEnvironment();
    browser.pushManager.subscribe.mockImplementation(() => new Promise(() => undefined));
    const server = fakePushServer();
    show({ environment: browser.environment, fetch: server.fetch, timeoutMs: 20 });
    fireEvent.click(await button('Turn on notifications'));
    await waitFor(() => expect(statusText()).toContain("the browser's push service did not answer"));
    expect(await button('Turn on notifications')).toBeTruthy();
    expect(server.writes()).toEqual([]);
  });

  it('while working the button is disabled and busy', async () => {
    const browser = fakePushEnvironment();
    let allow: (answer: NotificationPermission) => void = () => undefined;
    browser.notification.requestPermission.mockImplementation(() => new Promise((resolve) => (allow = resolve)));
    show({ environment: browser.environment, fetch: fakePushServer().fetch });
    fireEvent.click(await button('Turn on notifications'));
    const busy = await button('Turn on notifications');
    await waitFor(() => expect(busy.hasAttribute('disabled')).toBe(true));
    expect(busy.getAttribute('aria-busy')).toBe('true');
    await act(async () => allow('default'));
  });
});
