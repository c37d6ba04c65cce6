export * from './pushApi';
export * from './usePushSubscription';
export { forgetPushSubscription, type ForgetPushSubscriptionOptions } from './forgetPushSubscription';
export { PushSubscriptionProvider, usePush } from './PushContext';
export { PushOptIn, pushStatusText, type PushOptInProps } from './PushOptIn';
