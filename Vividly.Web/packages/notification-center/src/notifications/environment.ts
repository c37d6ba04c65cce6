/** Where `online` and `visibilitychange` come from; tests pass a fake. */
export interface ClientEnvironment {
  addOnlineListener(listener: () => void): () => void;
  addVisibleListener(listener: () => void): () => void;
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
  };
}
