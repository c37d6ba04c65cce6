// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeHook } from '../test/fakeNotifications';
import { gen, note } from '../test/fixtures';
import { NotificationCenter } from './NotificationCenter';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const live = () => document.querySelectorAll('[aria-live], [role=status], [role=alert]');
const said = () => [...document.querySelectorAll('[aria-live=polite] p')].map((p) => p.textContent);

describe('the live region', () => {
  it('says every arrival once, in one polite region', () => {
    const { result, arrive } = fakeHook([]);
    render(<NotificationCenter notifications={result} />);
    arrive([{ ...gen(1, 'r', 'started'), title: "We're making your video", message: '' }]);
    arrive([gen(2, 'r', 'progress')]);
    arrive([note(3, { type: 'clarification_needed', title: 'Which cells?', message: '' })]);
    arrive([{ ...gen(4, 'r', 'completed'), title: 'Your video is ready', message: '' }]);
    const saying = [...live()].filter((region) => region.textContent!.includes('Which cells?'));
    expect(saying).toHaveLength(1);
    expect(saying[0]!.getAttribute('aria-live')).toBe('polite');
    expect(said()).toEqual([
      "New notification: We're making your video.",
      'New notification: Question for you: Which cells?',
      'New notification: Your video is ready.',
    ]);
  });

  it('says a lost connection once after the delay, not each second, and its return once', () => {
    vi.useFakeTimers();
    const { result } = fakeHook([]);
    const view = render(<NotificationCenter notifications={result} />);
    const lost = { ...result, connectionState: 'reconnecting' as const, nextRetryAt: Date.now() + 30_000 };
    view.rerender(<NotificationCenter notifications={lost} />);
    act(() => void vi.advanceTimersByTime(4_000));
    expect(said()).toEqual([]);
    expect(screen.queryByTestId('connection-banner')).toBeNull();
    const region = document.querySelector('[data-testid=nc-live]')!;
    const before = region.innerHTML;
    act(() => void vi.advanceTimersByTime(1_000));
    expect(said()).toEqual(['Notifications: connection lost. Trying to reconnect.']);
    expect(screen.getByTestId('bell-alert')).toBeTruthy();
    const during = region.innerHTML;
    expect(during).not.toBe(before);
    for (let i = 0; i < 20; i++) {
      act(() => void vi.advanceTimersByTime(1_000));
      view.rerender(<NotificationCenter notifications={{ ...lost, nextRetryAt: lost.nextRetryAt - i }} />);
    }
    expect(region.innerHTML).toBe(during);
    view.rerender(<NotificationCenter notifications={result} />);
    expect(said()).toEqual(['Notifications: connection lost. Trying to reconnect.', 'Notifications: connected again. Updates are live.']);
  });
});
