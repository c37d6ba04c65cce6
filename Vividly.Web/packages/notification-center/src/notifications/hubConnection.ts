import {
  HttpTransportType,
  HubConnectionBuilder,
  LogLevel,
  type IRetryPolicy,
} from '@microsoft/signalr';

/** The part of SignalR's HubConnection the client uses; tests pass a fake. */
export interface HubConnectionLike {
  on(method: string, handler: (...args: never[]) => void): void;
  onclose(callback: (error?: Error) => void): void;
  onreconnecting(callback: (error?: Error) => void): void;
  onreconnected(callback: () => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
}

export type ConnectionFactory = (
  url: string,
  accessTokenFactory: () => Promise<string>,
  retryPolicy: IRetryPolicy,
) => HubConnectionLike;

/**
 * The SignalR connection the contract asks for: Server-Sent Events only (negotiated, not
 * skipped), JSON, the token from `accessTokenFactory` (sent as `?access_token=` on the stream),
 * and SignalR's own automatic reconnect with the given (never-ending) policy.
 */
export const signalRConnectionFactory: ConnectionFactory = (url, accessTokenFactory, retryPolicy) => {
  const connection = new HubConnectionBuilder()
    .withUrl(url, { transport: HttpTransportType.ServerSentEvents, skipNegotiation: false, accessTokenFactory })
    .withAutomaticReconnect(retryPolicy)
    .configureLogging(LogLevel.Warning)
    .build();
  // The hub keeps the stream alive every 30 s by default (SSE_HEARTBEAT_INTERVAL);
  // allow two missed beats before calling the connection dead.
  connection.serverTimeoutInMilliseconds = 65_000;
  return connection;
};

