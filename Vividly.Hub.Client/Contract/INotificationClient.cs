namespace Vividly.Hub.Client.Contract;

/// <summary>
/// What the hub calls on its clients. Live sends are at-most-once (SignalR and the Redis
/// backplane drop what a reconnecting connection misses); clients close gaps with
/// <see cref="HubMethods.Resume"/>, which reads the inbox store, the source of truth.
/// </summary>
public interface INotificationClient
{
    /// <summary>Sent first on every connection.</summary>
    Task ConnectionEstablished(ConnectionInfo info);

    Task Notification(Notification notification);

    Task InboxChanged(InboxChange change);

    /// <summary>The server knows live sends may have been lost and asks for a <c>Resume</c> now.</summary>
    Task ResumeRequested(ResumeRequest request);
}
