/** Where `online` and `visibilitychange` come from; tests pass a fake. */
export interface ClientEnvironment {
  addOnlineListener(listener: () => void): () => void;
  addVisibleListener(listener: () => void): () => void;
  /** Whether the browser says it is online, and when that changes (either way). */
  isOnline?(): boolean;
  addOnlineStateListener?(listener: (online: boolean) => void): () => void;
}

export function browserEnvironment(): ClientEnvironment | null {
  if (typeof window === 'undefined' || typeof document === 'undefined') return null;
  return {
    addOnlineListener(listener) {
      window.addEventListener('online', listener);
      return () => window.removeEventListener('online', listener);
    },
    addVisibleListener(listener) {
      const onChange = () => {
        if (document.visibilityState === 'visible') listener();
      };
      document.addEventListener('visibilitychange', onChange);
      return () => document.removeEventListener('visibilitychange', onChange);
    },
    isOnline: () => navigator.onLine,
    addOnlineStateListener(listener) {
      const on = () => listener(true);
      const off = () => listener(false);
      window.addEventListener('online', on);
      window.addEventListener('offline', off);
      return () => {
        window.removeEventListener('online', on);
        window.removeEventListener('offline', off);
      };
    },
  };
}
