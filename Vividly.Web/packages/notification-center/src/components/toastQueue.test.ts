import { describe, expect, it } from 'vitest';
import { gen, note } from '../test/fixtures';
import { addArrivals, autoDismissMs, listText, toastKind, toastText, toastTitle, visibleToasts } from './toastQueue';

const ready = (seq: number, topic: string) => ({ ...gen(seq, `r${seq}`, 'completed', { content_id: `vid_${seq}` }), title: 'Your video is ready', message: topic });

describe('toastQueue', () => {
  it('toasts finished, failed, questions and high or urgent notices, never progress or routine news', () => {
    expect(toastKind(gen(1, 'r', 'completed'))).toBe('ready');
    expect(toastKind(gen(1, 'r', 'failed'))).toBe('failed');
    expect(toastKind(note(1, { type: 'clarification_needed' }))).toBe('question');
    expect(toastKind(gen(1, 'r', 'progress'))).toBeNull();
    expect(toastKind(gen(1, 'r', 'started'))).toBeNull();
    expect(toastKind(note(1))).toBeNull();
    expect(toastKind(note(1, { priority: 'urgent' }))).toBe('notice');
    expect(toastKind(note(1, { priority: 'high' }))).toBe('notice');
  });

  it('merges finished videos into one toast: "3 videos ready"', () => {
    let toasts = addArrivals([], [ready(1, 'Photosynthesis')], 1_000);
    toasts = addArrivals(toasts, [gen(2, 'x', 'progress'), ready(3, 'The water cycle')], 2_000);
    toasts = addArrivals(toasts, [ready(4, 'Vaccines')], 3_000);
    expect(toasts).toHaveLength(1);
    expect(toastTitle(toasts[0]!)).toBe('3 videos ready');
    expect(toastText(toasts[0]!)).toBe('Photosynthesis, The water cycle and 1 more');
    expect(toasts[0]!.at).toBe(3_000);
    expect(addArrivals(toasts, [ready(4, 'Vaccines')], 4_000)).toEqual(toasts);
  });

  it("shows a failure's reason once, even when the message repeats it", () => {
    const failed = { ...gen(5, 'r', 'failed', { error_message: 'The narration service timed out.' }), message: 'The narration service timed out.' };
    const [t] = addArrivals([], [failed], 0);
    expect(toastText(t!)).toBe('The narration service timed out.');
    expect(autoDismissMs(t!)).toBeNull();
  });

  it('shows the most pressing few and counts the rest', () => {
    const arrivals = [
      note(1, { type: 'clarification_needed' }),
      note(2, { type: 'clarification_needed' }),
      note(3, { type: 'clarification_needed' }),
      note(4, { priority: 'urgent' }),
      note(5, { type: 'clarification_needed' }),
    ];
    const toasts = addArrivals([], arrivals, 0).map((t, i) => ({ ...t, at: i }));
    const { shown, more } = visibleToasts(toasts);
    expect(shown.map((t) => t.items[0]!.seq)).toEqual([3, 4, 5]);
    expect(more).toBe(2);
  });

  it('lets routine toasts go by themselves, urgent ones wait', () => {
    expect(autoDismissMs(addArrivals([], [ready(1, 'A')], 0)[0]!)).toBe(8_000);
    expect(autoDismissMs(addArrivals([], [note(1, { priority: 'urgent' })], 0)[0]!)).toBeNull();
    expect(autoDismissMs(addArrivals([], [note(1, { priority: 'high' })], 0)[0]!)).toBe(8_000);
  });

  it('lists a few names', () => {
    expect(listText(['A'])).toBe('A');
    expect(listText(['A', 'B'])).toBe('A and B');
    expect(listText(['A', 'B', 'C', 'D'])).toBe('A, B and 2 more');
  });
});
