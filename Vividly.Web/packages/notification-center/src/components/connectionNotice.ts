import { useEffect, useState } from 'react';
import type { ConnectionState } from '../notifications/types';

/** How long the connection may be away before the banner says so (a blip stays quiet). */
export const bannerDelayMs = 5_000;

export interface ConnectionNotice {
  kind: 'reconnecting' | 'limited';
  title: string;
  text: string;
}

/** What the banner (and the live region, once) says about the connection, or null for nothing. */
export function connectionNotice(state: ConnectionState, limited: boolean, late: boolean): ConnectionNotice | null {
  if (state !== 'connecting' && state !== 'reconnecting') return null;
  if (limited) {
    return {
      kind: 'limited',
      title: 'Live updates paused',
      text: 'Notifications are open in too many tabs or devices. This list still loads and refreshes every 30 seconds; live updates come back when one of the others closes.',
    };
  }
  if (!late) return null;
  return {
    kind: 'reconnecting',
    title: state === 'connecting' ? "Can't reach notifications" : 'Connection lost',
    text: 'Trying to reconnect. New notifications will show up here once it is back.',
  };
}

/**
 * The connection notice for the current state: a refusal for the connection limit at once, a
 * lost connection only after `delayMs` of trying (one timer, no ticking).
 */
export function useConnectionNotice(
  connectionState: ConnectionState,
  connectionLimited: boolean | undefined,
  delayMs = bannerDelayMs,
): ConnectionNotice | null {
  const down = connectionState === 'connecting' || connectionState === 'reconnecting';
  const [late, setLate] = useState(false);
  useEffect(() => {
    setLate(false);
    if (!down) return;
    const timer = setTimeout(() => setLate(true), delayMs);
    return () => clearTimeout(timer);
  }, [down, delayMs]);
  return connectionNotice(connectionState, connectionLimited === true, late);
}
