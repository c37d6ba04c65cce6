import { useEffect, useRef, useState } from 'react';
import type { UseNotificationsResult } from '../notifications/useNotifications';
import { arrivalAnnouncement, connectionAnnouncement } from './announcements';
import type { ConnectionNotice } from './connectionNotice';

const kept = 3;

interface Message {
  id: number;
  text: string;
}

interface LiveAnnouncerProps {
  notifications: Pick<UseNotificationsResult, 'onArrival' | 'connectionState'>;
  notice: ConnectionNotice | null;
}

/**
 * The notification center's one live region (polite): every arrival, and each change of the
 * connection notice, once. Each message is a new node, so a repeated text is said again; a
 * countdown never reaches it.
 */
export function LiveAnnouncer({ notifications, notice }: LiveAnnouncerProps) {
  const [messages, setMessages] = useState<Message[]>([]);
  const nextId = useRef(0);
  const lastKind = useRef<ConnectionNotice['kind'] | null>(null);
  const { onArrival, connectionState } = notifications;

  useEffect(() => {
    const say = (text: string) => setMessages((current) => [...current, { id: nextId.current++, text }].slice(-kept));
    return onArrival((arrivals) => {
      const text = arrivalAnnouncement(arrivals);
      if (text) say(text);
    });
  }, [onArrival]);

  const kind = notice?.kind ?? null;
  useEffect(() => {
    const text = connectionAnnouncement(lastKind.current, kind, connectionState === 'connected');
    lastKind.current = kind;
    if (text) setMessages((current) => [...current, { id: nextId.current++, text }].slice(-kept));
  }, [kind, connectionState]);

  return (
    <div className="nc-live" role="status" aria-live="polite" aria-atomic="false" data-testid="nc-live">
      {messages.map((m) => (
        <p key={m.id}>{m.text}</p>
      ))}
    </div>
  );
}
