// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeHook } from '../test/fakeNotifications';
import { gen, note } from '../test/fixtures';
import { stalledAfterMs } from '../notifications/stalled';
import { NotificationCenter } from './NotificationCenter';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const open = () => fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));

describe('the connection banner', () => {
  it('appears after five seconds of reconnecting and goes when connected', () => {
    vi.useFakeTimers();
    const { result } = fakeHook([note(1)]);
    const view = render(<NotificationCenter notifications={{ ...result, connectionState: 'reconnecting' }} />);
    open();
    act(() => void vi.advanceTimersByTime(4_900));
    expect(screen.queryByTestId('connection-banner')).toBeNull();
    act(() => void vi.advanceTimersByTime(100));
    expect(screen.getByTestId('connection-banner').textContent).toContain('Connection lost');
    view.rerender(<NotificationCenter notifications={result} />);
    expect(screen.queryByTestId('connection-banner')).toBeNull();
  });

  it('explains the connection limit at once and shows the inbox, not "Connecting"', () => {
    const { result } = fakeHook([note(1, { title: 'Loaded over REST' })], {
      connectionState: 'connecting',
      connectionLimited: true,
      nextRetryAt: Date.now() + 20_000,
    });
    render(<NotificationCenter notifications={result} />);
    open();
    const banner = screen.getByTestId('connection-banner');
    expect(banner.dataset.kind).toBe('limited');
    expect(banner.textContent).toMatch(/too many tabs or devices/);
    expect(screen.getByText('Loaded over REST')).toBeTruthy();
    expect(document.querySelector('.nc-status')!.textContent).not.toMatch(/Connecting/);
  });
});

describe('a stalled generation', () => {
  it('stops spinning and says since when nothing moved', () => {
    const started = new Date(Date.now() - stalledAfterMs - 60_000).toISOString();
    const items = [{ ...gen(2, 'r', 'progress', { progress_percentage: 40, stage: 'tts' }), created_at: started }];
    const { result } = fakeHook(items);
    render(<NotificationCenter notifications={result} />);
    open();
    const row = screen.getByRole('listitem');
    expect(row.dataset.stalled).toBe('true');
    expect(row.querySelector('.spin')).toBeNull();
    expect(within(row).getByRole('progressbar').getAttribute('aria-valuetext')).toMatch(/No progress since/);
  });

  it('keeps spinning while news comes', () => {
    const { result } = fakeHook([{ ...gen(2, 'r', 'progress', { progress_percentage: 40 }), created_at: new Date().toISOString() }]);
    render(<NotificationCenter notifications={result} />);
    open();
    expect(screen.getByRole('listitem').dataset.stalled).toBeUndefined();
    expect(screen.getByRole('listitem').querySelector('.spin')).not.toBeNull();
  });
});
