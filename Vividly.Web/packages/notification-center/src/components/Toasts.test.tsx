// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeHook } from '../test/fakeNotifications';
import { gen, note } from '../test/fixtures';
import { NotificationCenter } from './NotificationCenter';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const ready = (seq: number, topic: string) => ({
  ...gen(seq, `r${seq}`, 'completed', { content_id: `vid_${seq}` }),
  title: 'Your video is ready',
  message: topic,
});
const toasts = () => [...document.querySelectorAll<HTMLElement>('.toast')];

describe('Toasts', () => {
  it('merges finished videos into one toast and never shows one over the open panel', () => {
    const { result, arrive } = fakeHook([]);
    render(<NotificationCenter notifications={result} />);
    arrive([ready(1, 'Photosynthesis')]);
    arrive([ready(2, 'The water cycle'), ready(3, 'Vaccines')]);
    expect(toasts()).toHaveLength(1);
    expect(toasts()[0]!.textContent).toContain('3 videos ready');
    expect(toasts()[0]!.textContent).toContain('Photosynthesis, The water cycle and 1 more');

    fireEvent.click(within(toasts()[0]!).getByRole('button', { name: 'Show all' }));
    expect(screen.getByRole('button', { name: /^Notifications/ }).getAttribute('aria-expanded')).toBe('true');
    expect(toasts()).toHaveLength(0);
    arrive([ready(4, 'Cells')]);
    expect(toasts()).toHaveLength(0);
  });

  it('shows at most three, with "+N more" that opens the panel', () => {
    const { result, arrive } = fakeHook([]);
    render(<NotificationCenter notifications={result} />);
    arrive([1, 2, 3, 4, 5].map((seq) => note(seq, { type: 'clarification_needed', title: `Question ${seq}` })));
    expect(toasts()).toHaveLength(3);
    fireEvent.click(screen.getByRole('button', { name: '+2 more' }));
    expect(screen.getByRole('dialog', { name: 'Notifications' }).hidden).toBe(false);
  });

  it("offers Retry on a failure, with its reason once, and Answer on a question", () => {
    const onRetry = vi.fn();
    const onAnswer = vi.fn();
    const { result, arrive } = fakeHook([]);
    render(<NotificationCenter notifications={result} onRetry={onRetry} onAnswer={onAnswer} />);
    const failed = { ...gen(1, 'r', 'failed', { error_message: 'Narration timed out.' }), message: 'Narration timed out.' };
    const question = note(2, { type: 'clarification_needed', title: 'Which cells?' });
    arrive([failed, question]);
    const [failure, asking] = toasts();
    expect(failure!.textContent!.match(/Narration timed out\./g)).toHaveLength(1);
    fireEvent.click(within(failure!).getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledWith(failed);
    fireEvent.click(within(asking!).getByRole('button', { name: 'Answer' }));
    expect(onAnswer).toHaveBeenCalledWith(question);
    expect(toasts()).toHaveLength(0);
  });

  it('without onRetry there is no Retry; without onAnswer, Answer opens the panel', () => {
    const { result, arrive } = fakeHook([]);
    render(<NotificationCenter notifications={result} />);
    arrive([gen(1, 'r', 'failed'), note(2, { type: 'clarification_needed' })]);
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Answer' }));
    expect(screen.getByRole('dialog', { name: 'Notifications' }).hidden).toBe(false);
  });

  it('shows the priority, keeps long text whole in the title, and keeps urgent ones until dismissed', () => {
    vi.useFakeTimers();
    const { result, arrive } = fakeHook([]);
    render(<NotificationCenter notifications={result} />);
    const long = 'A very long announcement '.repeat(20).trim();
    arrive([note(1, { priority: 'urgent', title: 'Exam moved', message: long }), ready(2, 'Cells')]);
    const [urgent] = toasts().filter((t) => t.dataset.priority === 'urgent');
    expect(within(urgent!).getByText('Urgent')).toBeTruthy();
    expect(urgent!.querySelector('.toast-message')!.getAttribute('title')).toBe(long);
    act(() => void vi.advanceTimersByTime(8_000));
    expect(toasts().map((t) => t.dataset.priority)).toEqual(['urgent']);
    fireEvent.click(within(urgent!).getByRole('button', { name: 'Dismiss: Exam moved' }));
    expect(toasts()).toHaveLength(0);
  });

  it('marks user text dir="auto" for right-to-left titles', () => {
    const { result, arrive } = fakeHook([]);
    render(<NotificationCenter notifications={result} />);
    arrive([note(1, { type: 'clarification_needed', title: 'איזה סוג תאים?', message: 'צמח או בעל חיים?' })]);
    expect(toasts()[0]!.querySelector('.toast-title')!.getAttribute('dir')).toBe('auto');
    expect(toasts()[0]!.querySelector('.toast-message')!.getAttribute('dir')).toBe('auto');
  });
});
