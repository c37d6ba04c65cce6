export * from './pushApi';
export * from './usePushSubscription';
export { PushSubscriptionProvider, usePush } from './PushContext';
export { PushOptIn, pushStatusText, type PushOptInProps } from './PushOptIn';
