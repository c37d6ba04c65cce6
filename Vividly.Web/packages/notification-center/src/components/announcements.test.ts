import { describe, expect, it } from 'vitest';
import { gen, note } from '../test/fixtures';
import { arrivalAnnouncement, connectionAnnouncement } from './announcements';

describe('arrivalAnnouncement', () => {
  it('says every arrival, started and questions included, but not progress ticks', () => {
    expect(arrivalAnnouncement([{ ...gen(1, 'r', 'started'), title: "We're making your video", message: 'About "Cells".' }])).toBe(
      'New notification: We\'re making your video. About "Cells".',
    );
    expect(arrivalAnnouncement([note(2, { type: 'clarification_needed', title: 'Which cells?', message: 'Plant or animal?' })])).toBe(
      'New notification: Question for you: Which cells? Plant or animal?',
    );
    expect(arrivalAnnouncement([gen(3, 'r', 'progress')])).toBeNull();
  });

  it('names a few of many, flags urgent ones and clips long text', () => {
    const text = arrivalAnnouncement([
      note(1, { title: 'One', message: '' }),
      note(2, { title: 'Two', message: '', priority: 'urgent' }),
      note(3, { title: 'Three', message: 'x'.repeat(400) }),
      note(4, { title: 'Four' }),
      note(5, { title: 'Five' }),
    ])!;
    expect(text.startsWith('5 new notifications. One. Urgent: Two. Three.')).toBe(true);
    expect(text.endsWith('And 2 more.')).toBe(true);
    expect(text.length).toBeLessThan(260);
  });
});

describe('connectionAnnouncement', () => {
  it('says each change once, and nothing when signed out', () => {
    expect(connectionAnnouncement(null, 'reconnecting', false)).toBe('Notifications: connection lost. Trying to reconnect.');
    expect(connectionAnnouncement('reconnecting', 'reconnecting', false)).toBeNull();
    expect(connectionAnnouncement('reconnecting', null, true)).toBe('Notifications: connected again. Updates are live.');
    expect(connectionAnnouncement(null, 'limited', false)).toMatch(/too many open tabs/);
    expect(connectionAnnouncement('reconnecting', null, false)).toBeNull();
    expect(connectionAnnouncement(null, null, true)).toBeNull();
  });
});
