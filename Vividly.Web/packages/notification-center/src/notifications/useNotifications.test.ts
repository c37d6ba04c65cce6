import { describe, expect, it } from 'vitest';
import { note } from '../test/fixtures';
import { newsOf } from './useNotifications';

describe('newsOf (the toast policy)', () => {
  it('keeps what is above the history the page loaded, oldest first', () => {
    expect(newsOf([note(9), note(4), note(7), note(5)], 5).map((n) => n.seq)).toEqual([7, 9]);
  });

  it('counts nothing as news before the first load has said what history is', () => {
    expect(newsOf([note(1), note(2)], Number.POSITIVE_INFINITY)).toEqual([]);
  });
});
