namespace Vividly.Hub.Client.Contract;

/// <summary>
/// What the hub calls on its clients. Live sends are at-most-once (SignalR and the Redis
/// backplane drop what a reconnecting connection misses); clients close gaps with
/// <see cref="HubMethods.ResumeFrom"/>, which reads the inbox store, the source of truth, by the
/// contract's algorithm (docs/contract.md): page <c>ResumeFrom</c> until <c>has_more</c> is
/// false, then settle to <c>last_seq</c>.
/// </summary>
public interface INotificationClient
{
    /// <summary>Sent first on every connection.</summary>
    Task ConnectionEstablished(ConnectionInfo info);

    Task Notification(Notification notification);

    Task InboxChanged(InboxChange change);

    /// <summary>The server knows live sends may have been lost and asks the client to resume (<see cref="HubMethods.ResumeFrom"/>) now.</summary>
    Task ResumeRequested(ResumeRequest request);
}
