import { describe, expect, it } from 'vitest';
import { gen, note } from '../test/fixtures';
import { collapseRows, wantsToast, watchHref } from './rows';

describe('collapseRows', () => {
  it('shows one row per content request, with the furthest progress and latest stage', () => {
    const events = [
      gen(4, 'req-1', 'progress', { progress_percentage: 60, stage: 'script' }),
      gen(3, 'req-1', 'progress', { progress_percentage: 40, stage: 'rag' }),
      gen(2, 'req-1', 'progress', { progress_percentage: 20, stage: 'nlu' }),
      gen(1, 'req-1', 'started', { progress_percentage: 0 }),
    ];
    events[0]!.title = 'Writing the script';
    const rows = collapseRows(events);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: 'req:req-1', status: 'running', progress: 60, stage: 'script', seq: 4 });
    expect(rows[0]!.unreadIds.sort()).toEqual(['n1', 'n2', 'n3', 'n4']);
    // Titled by the request's started notification, with the newest stage beside the bar.
    expect(rows[0]!.notification.id).toBe('n1');
    expect(rows[0]!.stageText).toBe('Writing the script');
    expect(rows[0]!.updatedAt).toBe(events[0]!.created_at);
  });

  it('keeps the furthest progress when events arrive out of order', () => {
    const rows = collapseRows([
      gen(2, 'r', 'progress', { progress_percentage: 80 }),
      gen(3, 'r', 'progress', { progress_percentage: 40 }),
    ]);
    expect(rows[0]!.progress).toBe(80);
  });

  it('turns into the completed notification once it arrives', () => {
    const rows = collapseRows([
      gen(1, 'r', 'started'),
      gen(2, 'r', 'progress', { progress_percentage: 50 }),
      gen(3, 'r', 'completed', { content_id: 'vid-9', progress_percentage: 100 }),
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'completed', progress: 100 });
    expect(rows[0]!.notification.id).toBe('n3');
  });

  it('shows a failure', () => {
    const rows = collapseRows([gen(1, 'r', 'started'), gen(2, 'r', 'failed', { error_message: 'TTS down' })]);
    expect(rows[0]).toMatchObject({ status: 'failed', progress: null });
  });

  it('keeps requests apart and other notifications one per row, newest first', () => {
    const rows = collapseRows([
      gen(1, 'a', 'started'),
      note(2),
      gen(3, 'b', 'started'),
      gen(4, 'a', 'progress', { progress_percentage: 20 }),
      note(5, { type: 'clarification_needed' }),
    ]);
    expect(rows.map((r) => r.key)).toEqual(['n:n5', 'req:a', 'req:b', 'n:n2']);
  });

  it('a generation notification without a request id stands alone', () => {
    const rows = collapseRows([note(1, { type: 'content_generation.started', payload: {} })]);
    expect(rows[0]!.key).toBe('n:n1');
  });

  it('a row is unread while any of its notifications is', () => {
    const rows = collapseRows([
      { ...gen(1, 'r', 'started'), read_at: '2026-11-23T00:00:00Z' },
      gen(2, 'r', 'progress', { progress_percentage: 10 }),
    ]);
    expect(rows[0]!.unread).toBe(true);
    expect(rows[0]!.unreadIds).toEqual(['n2']);
  });

  it('clamps progress to 0..100', () => {
    expect(collapseRows([gen(1, 'r', 'progress', { progress_percentage: 140 })])[0]!.progress).toBe(100);
    expect(collapseRows([gen(1, 'r', 'progress', { progress_percentage: 'x' })])[0]!.progress).toBe(0);
  });
});

describe('toasts', () => {
  it('only for completed and failed, never for progress ticks', () => {
    expect(wantsToast(gen(1, 'r', 'completed'))).toBe(true);
    expect(wantsToast(gen(1, 'r', 'failed'))).toBe(true);
    expect(wantsToast(gen(1, 'r', 'progress'))).toBe(false);
    expect(wantsToast(gen(1, 'r', 'started'))).toBe(false);
    expect(wantsToast(note(1))).toBe(false);
  });

  it('Watch now goes to the video page', () => {
    expect(watchHref(gen(1, 'r', 'completed', { content_id: 'vid 4/5' }))).toBe('/video/vid%204%2F5');
    expect(watchHref(gen(1, 'r', 'completed'))).toBeNull();
  });
});

describe('stageLabel', () => {
  it('names the known stages and tidies the rest', async () => {
    const { stageLabel } = await import('./rows');
    expect(stageLabel('tts')).toBe('Recording the narration');
    expect(stageLabel('RAG')).toBe('Gathering sources');
    expect(stageLabel('quality_check')).toBe('Quality check');
    expect(stageLabel(null)).toBe('Starting');
  });
});

describe('visibleUnreadCount', () => {
  it('counts a request once however many of its notifications are unread', async () => {
    const { visibleUnreadCount } = await import('./rows');
    const rows = collapseRows([
      gen(1, 'a', 'started'),
      gen(2, 'a', 'progress', { progress_percentage: 20 }),
      gen(3, 'a', 'completed'),
      note(4),
      { ...note(5), read_at: '2026-11-23T00:00:00Z' },
    ]);
    // The server counts 4 unread here, plus 6 it holds beyond the loaded page.
    expect(visibleUnreadCount(4, rows)).toBe(2);
    expect(visibleUnreadCount(10, rows)).toBe(8);
    expect(visibleUnreadCount(1, rows)).toBe(0);
  });
});
