// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpStatusError } from '../notifications/api';
import type { Preferences, PreferencesApi, PreferencesDocument } from '../notifications/preferences';
import type { Notification } from '../notifications/types';
import { fakeHook } from '../test/fakeNotifications';
import { gen, note } from '../test/fixtures';
import { NotificationCenter } from './NotificationCenter';

afterEach(cleanup);

const today = new Date();
const at = (daysAgo: number) => new Date(today.getFullYear(), today.getMonth(), today.getDate() - daysAgo, 9).toISOString();

function openPanel(items: Notification[], overrides: Parameters<typeof fakeHook>[1] = {}) {
  const { result } = fakeHook(items, overrides);
  const view = render(<NotificationCenter notifications={result} />);
  const bell = screen.getByRole('button', { name: /^Notifications/ });
  fireEvent.click(bell);
  const dialog = screen.getByRole('dialog');
  return { result, view, bell, dialog };
}

const rowsOf = (dialog: HTMLElement) => [...dialog.querySelectorAll<HTMLElement>('li[data-row-key]')];
const key = (key: string, init: Partial<KeyboardEventInit> = {}) => fireEvent.keyDown(document.activeElement!, { key, ...init });

describe('the panel as a dialog', () => {
  it('moves focus in on open, keeps Tab inside, and gives focus back to the bell on Escape', () => {
    const { bell, dialog } = openPanel([note(1)]);
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.contains(document.activeElement)).toBe(true);
    // Shift+Tab from where it opened goes round to the last control; Tab from there to the first.
    key('Tab', { shiftKey: true });
    const last = document.activeElement as HTMLElement;
    expect(dialog.contains(last)).toBe(true);
    key('Tab');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Mark all read' }));
    key('Tab', { shiftKey: true });
    expect(document.activeElement).toBe(last);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(bell.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(bell);
  });
});

describe('rows from the keyboard', () => {
  const items = [note(3, { created_at: at(0) }), note(2, { created_at: at(1) }), note(1, { created_at: at(9) })];

  it('groups rows by day and makes one row at a time the tab stop', () => {
    const { dialog } = openPanel(items);
    const headings = within(dialog).getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(headings.slice(0, 2)).toEqual(['Today', 'Yesterday']);
    expect(headings).toHaveLength(3);
    expect(rowsOf(dialog).map((r) => r.tabIndex)).toEqual([0, -1, -1]);
    // Only the active row's actions are in the Tab order.
    expect(within(rowsOf(dialog)[1]!).getByRole('button', { name: /^Archive/ }).tabIndex).toBe(-1);
    expect(within(rowsOf(dialog)[0]!).getByRole('button', { name: /^Archive/ }).tabIndex).toBe(0);
  });

  it('moves between rows with Arrow Up/Down, Home and End, also from a row action', () => {
    const { dialog } = openPanel(items);
    const rows = rowsOf(dialog);
    rows[0]!.focus();
    key('ArrowDown');
    expect(document.activeElement).toBe(rowsOf(dialog)[1]);
    key('End');
    expect(document.activeElement).toBe(rowsOf(dialog)[2]);
    key('ArrowDown');
    expect(document.activeElement).toBe(rowsOf(dialog)[2]);
    key('Home');
    expect(document.activeElement).toBe(rowsOf(dialog)[0]);
    within(rowsOf(dialog)[0]!).getByRole('button', { name: /^Archive/ }).focus();
    key('ArrowDown');
    expect(document.activeElement).toBe(rowsOf(dialog)[1]);
    expect(rowsOf(dialog).map((r) => r.tabIndex)).toEqual([-1, 0, -1]);
  });

  it('moves focus to the row in its place when the focused row is archived, never to the page', () => {
    const { result, view, dialog } = openPanel(items);
    rowsOf(dialog)[0]!.focus();
    key('ArrowDown');
    const archive = within(rowsOf(dialog)[1]!).getByRole('button', { name: /^Archive/ });
    archive.focus();
    fireEvent.click(archive);
    expect(result.archive).toHaveBeenCalledWith(['n2']);
    // The store hides the archived row: the next one takes focus.
    const next = fakeHook([items[0]!, items[2]!]).result;
    view.rerender(<NotificationCenter notifications={next} />);
    expect(document.activeElement).toBe(rowsOf(dialog)[1]);
    expect(rowsOf(dialog)[1]!.dataset.rowKey).toBe('n:n1');
    // The last one goes: focus goes back up to the dialog's heading.
    rowsOf(dialog)[0]!.focus();
    view.rerender(<NotificationCenter notifications={fakeHook([]).result} />);
    expect(document.activeElement).toBe(within(dialog).getByRole('heading', { level: 2 }));
  });

  it('opens a row with Enter: the whole request read, the panel closed', () => {
    const request = [gen(2, 'req-7', 'progress', { progress_percentage: 50 }), gen(1, 'req-7', 'started')];
    const { result, bell, dialog } = openPanel(request);
    rowsOf(dialog)[0]!.focus();
    key('Enter');
    expect(result.markRequestRead).toHaveBeenCalledWith('req-7');
    expect(bell.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(bell);
  });

  it('follows Watch now through the host and reads the request', () => {
    const onNavigate = vi.fn((_href: string, event: { preventDefault: () => void }) => event.preventDefault());
    const { result } = fakeHook([gen(2, 'req-8', 'completed', { content_id: 'vid_8' }), gen(1, 'req-8', 'started')]);
    render(<NotificationCenter notifications={result} onNavigate={onNavigate} />);
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    const row = rowsOf(screen.getByRole('dialog'))[0]!;
    fireEvent.click(row.querySelector('.nc-title')!);
    expect(onNavigate).toHaveBeenCalledWith('/video/vid_8', expect.anything());
    expect(result.markRequestRead).toHaveBeenCalledWith('req-8');
  });
});

describe('row actions', () => {
  it('snoozes for an hour from the menu; Escape closes the menu, not the panel', () => {
    const { result, bell, dialog } = openPanel([note(1)]);
    const snooze = within(dialog).getByRole('button', { name: /^Snooze:/ });
    fireEvent.click(snooze);
    expect(snooze.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(within(dialog).getByRole('button', { name: 'In 1 hour' }), { key: 'Escape' });
    expect(snooze.getAttribute('aria-expanded')).toBe('false');
    expect(bell.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(snooze);
    fireEvent.click(snooze);
    const before = Date.now();
    fireEvent.click(within(dialog).getByRole('button', { name: 'In 1 hour' }));
    const [ids, until] = vi.mocked(result.snooze).mock.calls[0]!;
    expect(ids).toEqual(['n1']);
    expect(until.getTime() - before).toBeGreaterThanOrEqual(3_600_000 - 1_000);
    expect(until.getTime() - before).toBeLessThanOrEqual(3_600_000 + 1_000);
  });

  it('refuses a picked time the server would refuse, and sends one it takes', () => {
    const { result, dialog } = openPanel([note(1)]);
    fireEvent.click(within(dialog).getByRole('button', { name: /^Snooze:/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pick a time…' }));
    const input = within(dialog).getByLabelText('Snooze until') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '2020-01-01T09:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Snooze' }));
    expect(within(dialog).getByText('Pick a time at least a minute from now.')).toBeTruthy();
    expect(result.snooze).not.toHaveBeenCalled();
    const later = new Date(Date.now() + 2 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    fireEvent.change(input, { target: { value: `${later.getFullYear()}-${pad(later.getMonth() + 1)}-${pad(later.getDate())}T10:30` } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Snooze' }));
    const until = vi.mocked(result.snooze).mock.calls[0]![1];
    expect([until.getDate(), until.getHours(), until.getMinutes()]).toEqual([later.getDate(), 10, 30]);
  });

  it('offers Move to inbox in the Archived view and Unsnooze in the Snoozed view', () => {
    const archived = openPanel([note(1, { archived_at: at(0) })], { view: 'archived' });
    fireEvent.click(within(archived.dialog).getByRole('button', { name: /^Move to inbox/ }));
    expect(archived.result.unarchive).toHaveBeenCalledWith(['n1']);
    cleanup();
    const snoozed = openPanel([note(2, { snoozed_until: new Date(Date.now() + 3_600_000).toISOString() })], { view: 'snoozed' });
    expect(within(snoozed.dialog).getByText(/^Snoozed until/)).toBeTruthy();
    fireEvent.click(within(snoozed.dialog).getByRole('button', { name: /^Unsnooze/ }));
    expect(snoozed.result.unsnooze).toHaveBeenCalledWith(['n2']);
  });

  it('marks a read row unread', () => {
    const { result, dialog } = openPanel([note(1, { read_at: at(0) })]);
    fireEvent.click(within(dialog).getByRole('button', { name: /^Mark unread/ }));
    expect(result.markUnread).toHaveBeenCalledWith(['n1']);
  });

  it('switches views with the filters', () => {
    const { result, dialog } = openPanel([note(1)]);
    const filters = within(dialog).getByRole('group', { name: 'Show' });
    expect(within(filters).getAllByRole('button').map((b) => b.textContent)).toEqual(['Unread', 'All', 'Archived', 'Snoozed']);
    expect(within(filters).getByRole('button', { name: 'All' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(within(filters).getByRole('button', { name: 'Snoozed' }));
    expect(result.showView).toHaveBeenCalledWith('snoozed');
  });

  it('shows priority, and a question with Answer linking to its request', () => {
    const { dialog } = openPanel([
      note(2, { priority: 'urgent' }),
      note(1, { type: 'clarification_needed', priority: 'high', payload: { content_request_id: 'req 5', question: 'Plant or animal cells?' } }),
    ]);
    expect(within(dialog).getAllByTestId('priority').map((p) => p.textContent)).toEqual(['Urgent', 'High priority']);
    expect(within(dialog).getByText('Plant or animal cells?')).toBeTruthy();
    expect(within(dialog).getByRole('link', { name: 'Answer' }).getAttribute('href')).toBe('/requests/req%205');
  });

  it('shows the undo of an archive and a refused action with Retry, keeping focus in the panel', () => {
    const undo = vi.fn(async () => undefined);
    const first = openPanel([note(1)], { undo: { id: 1, message: 'Archived', undo } });
    const undoButton = within(first.dialog).getByRole('button', { name: 'Undo' });
    undoButton.focus();
    fireEvent.click(undoButton);
    expect(undo).toHaveBeenCalledOnce();
    expect(first.dialog.contains(document.activeElement)).toBe(true);
    cleanup();
    const retry = vi.fn(async () => undefined);
    const second = openPanel([note(1)], { failure: { id: 2, message: "Couldn't archive: HTTP 500", retry } });
    const alert = within(second.dialog).getByTestId('action-error');
    expect(alert.textContent).toContain("Couldn't archive: HTTP 500");
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it('waits while offline: actions are disabled and say why', () => {
    const { dialog } = openPanel([note(1)], { online: false });
    expect(within(dialog).getByTestId('offline-note')).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: /^Archive:/ }) as HTMLButtonElement).disabled).toBe(true);
    expect((within(dialog).getByRole('button', { name: 'Mark all read' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('loads older rows with the Show older fallback', () => {
    const { result, dialog } = openPanel([note(1)], { hasOlder: true });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Show older' }));
    expect(result.loadOlder).toHaveBeenCalledOnce();
  });
});

describe('preferences', () => {
  const doc: PreferencesDocument = {
    all: { channels: { in_app: null, email: true, push: null }, email_cadence: 'daily' },
    types: {},
    quiet_hours: { enabled: false, start: '22:00', end: '07:00', time_zone: 'UTC' },
    effective: {
      'content_generation.failed': {
        locked: true,
        channels: {
          in_app: { enabled: true, source: 'always' },
          email: { enabled: true, source: 'locked' },
          push: { enabled: true, source: 'locked' },
        },
        email_cadence: { value: 'daily', source: 'all' },
      },
    },
    updated_at: null,
  };

  function openPreferences(api: PreferencesApi) {
    const { result } = fakeHook([], { preferences: api });
    render(<NotificationCenter notifications={result} />);
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Preferences' }));
    return screen.getByRole('dialog');
  }

  it('loads, shows locked types as locked, and saves what was changed', async () => {
    const put = vi.fn(async (_sent: Preferences) => doc);
    const dialog = openPreferences({ get: async () => doc, put });
    const form = await within(dialog).findByRole('form', { name: 'Notification preferences' });
    const failed = form.querySelector<HTMLElement>('fieldset[data-type="content_generation.failed"]')!;
    expect(failed.textContent).toContain('Locked');
    expect((within(failed).getByLabelText('Email') as HTMLSelectElement).disabled).toBe(true);
    const cadences = [...(within(failed).getByLabelText('Email cadence') as HTMLSelectElement).options].map((o) => o.value);
    expect(cadences).toEqual(['inherit', 'instant', 'hourly', 'daily']);
    const announcements = form.querySelector<HTMLElement>('fieldset[data-type="system.announcement"]')!;
    fireEvent.change(within(announcements).getByLabelText('Push'), { target: { value: 'off' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Hold notifications during quiet hours' }));
    fireEvent.change(within(form).getByLabelText('Time zone'), { target: { value: 'UTC' } });
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: 'Save preferences' })));
    const sent = put.mock.calls[0]![0];
    expect(sent.types['system.announcement']).toEqual({ channels: { in_app: null, email: null, push: false }, email_cadence: null });
    expect(sent.quiet_hours.enabled).toBe(true);
    expect(within(form).getByRole('status').textContent).toBe('Saved');
  });

  it('shows each refusal at the field the problem-details body names', async () => {
    const problem = {
      status: 400,
      errors: { 'quiet_hours.time_zone': ['Unknown time zone.'], 'all.email_cadence': ['Not a cadence.'], other: ['Something else.'] },
    };
    const dialog = openPreferences({
      get: async () => doc,
      put: async () => {
        throw new HttpStatusError(400, '/api/v1/preferences', undefined, problem);
      },
    });
    const form = await within(dialog).findByRole('form', { name: 'Notification preferences' });
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: 'Save preferences' })));
    await waitFor(() => expect(within(form).getByText('Unknown time zone.')).toBeTruthy());
    const zone = within(form).getByLabelText('Time zone');
    expect(zone.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(zone.getAttribute('aria-describedby')!)!.textContent).toBe('Unknown time zone.');
    expect(within(form).getByText('Not a cadence.')).toBeTruthy();
    expect(within(form).getByText('other: Something else.')).toBeTruthy();
  });
});
