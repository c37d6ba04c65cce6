// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { gen, note } from '../test/fixtures';
import { fakeHook } from '../test/fakeNotifications';
import { NotificationCenter, connectionText } from './NotificationCenter';

afterEach(cleanup);

describe('NotificationCenter', () => {
  it('names the bell with the unread count and shows 9+ beyond nine', () => {
    const items = Array.from({ length: 12 }, (_, i) => note(i + 1));
    render(<NotificationCenter notifications={fakeHook(items).result} />);
    const bell = screen.getByRole('button', { name: 'Notifications, 12 unread' });
    expect(bell.textContent).toContain('9+');
    expect(bell.getAttribute('aria-expanded')).toBe('false');
  });

  it('opens with the keyboard, closes on Escape and gives focus back to the bell', () => {
    render(<NotificationCenter notifications={fakeHook([]).result} />);
    const bell = screen.getByRole('button', { name: 'Notifications' });
    fireEvent.click(bell);
    expect(bell.getAttribute('aria-expanded')).toBe('true');
    const panel = screen.getByRole('dialog', { name: 'Notifications' });
    expect(within(panel).getByText("You're all caught up")).toBeTruthy();
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(bell.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(bell);
  });

  it('shows a request as one row with its progress bar, and marks the whole row read', () => {
    const items = [
      gen(3, 'r', 'progress', { progress_percentage: 40, stage: 'rag' }),
      gen(2, 'r', 'progress', { progress_percentage: 20, stage: 'nlu' }),
      gen(1, 'r', 'started'),
    ];
    const { result } = fakeHook(items);
    render(<NotificationCenter notifications={result} />);
    expect(screen.getByRole('button', { name: 'Notifications, 1 unread' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    const list = screen.getByRole('dialog');
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(within(list).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40');
    fireEvent.click(within(list).getByRole('button', { name: /^Mark read/ }));
    expect(result.markRead).toHaveBeenCalledWith(['n3', 'n2', 'n1']);
    fireEvent.click(within(list).getByRole('button', { name: /^Archive:/ }));
    expect(result.archive).toHaveBeenCalledWith(['n3', 'n2', 'n1']);
  });

  it('renders titles and messages as text', () => {
    const items = [note(1, { title: '<img src=x onerror=alert(1)>', message: '<b>hi</b>' })];
    const { container } = render(<NotificationCenter notifications={fakeHook(items).result} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(screen.getByText('<img src=x onerror=alert(1)>', { exact: false })).toBeTruthy();
  });

  it('toasts a completion once, with Watch now, and never a progress tick', () => {
    const { result, arrive } = fakeHook([]);
    render(<NotificationCenter notifications={result} />);
    const completed = gen(9, 'r', 'completed', { content_id: 'vid_1' });
    arrive([gen(8, 'r', 'progress', { progress_percentage: 80 })]);
    expect(document.querySelectorAll('.toast')).toHaveLength(0);
    arrive([completed]);
    arrive([completed]);
    const toasts = document.querySelectorAll('.toast');
    expect(toasts).toHaveLength(1);
    const link = within(toasts[0] as HTMLElement).getByRole('link', { name: 'Watch now' });
    expect(link.getAttribute('href')).toBe('/video/vid_1');
    fireEvent.click(within(toasts[0] as HTMLElement).getByRole('button', { name: /^Dismiss/ }));
    expect(document.querySelectorAll('.toast')).toHaveLength(0);
  });

  it('mark all read and archive all read call the hook; there is no clear', () => {
    const { result } = fakeHook([note(1), note(2, { read_at: '2026-11-23T10:00:00Z' })]);
    render(<NotificationCenter notifications={result} />);
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Mark all read' }));
    fireEvent.click(screen.getByRole('button', { name: 'Archive all read' }));
    expect(result.markAllRead).toHaveBeenCalledOnce();
    expect(result.archiveRead).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: /clear/i })).toBeNull();
  });
});

describe('connectionText', () => {
  it('says how the connection is doing', () => {
    expect(connectionText('connected', null, 0)).toBe('Live');
    expect(connectionText('reconnecting', 4_200, 0)).toBe('Reconnecting in 5 s');
    expect(connectionText('connecting', null, 0)).toBe('Connecting…');
    expect(connectionText('idle', null, 0)).toBe('Not signed in');
  });
});
