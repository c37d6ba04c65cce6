import { createContext, useContext, type ReactNode } from 'react';
import { usePushSubscription, type PushSubscriptionState, type UsePushSubscriptionOptions } from './usePushSubscription';

const PushContext = createContext<PushSubscriptionState | null>(null);

/**
 * Web Push for everything under it: one check and one re-send per visit, however many
 * `<PushOptIn>`s the app shows (the notification panel, a preferences page).
 */
export function PushSubscriptionProvider({ children, ...options }: UsePushSubscriptionOptions & { children: ReactNode }) {
  return <PushContext.Provider value={usePushSubscription(options)}>{children}</PushContext.Provider>;
}

/** The nearest provider's state, or null outside one. */
export function usePush(): PushSubscriptionState | null {
  return useContext(PushContext);
}
