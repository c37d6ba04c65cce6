using Vividly.Hub.Client.Contract;
using ConnectionInfo = Vividly.Hub.Client.Contract.ConnectionInfo;

namespace Vividly.Hub.Shared;

/// <summary>
/// A connection's client as live delivery writes to it: records each notification's delivery
/// latency once its write to the transport has completed (<c>vividly.hub.delivery.latency</c>),
/// and counts a write that threw as a connection error before passing the exception on.
/// </summary>
public sealed class MeasuredClient(INotificationClient inner, ServiceMetrics metrics, TimeProvider timeProvider) : INotificationClient
{
    public Task ConnectionEstablished(ConnectionInfo info) => Counted(inner.ConnectionEstablished(info));

    public async Task Notification(Notification notification)
    {
        await Counted(inner.Notification(notification));
        metrics.NotificationWritten(timeProvider.GetUtcNow() - notification.CreatedAt);
    }

    public Task InboxChanged(InboxChange change) => Counted(inner.InboxChanged(change));

    public Task ResumeRequested(ResumeRequest request) => Counted(inner.ResumeRequested(request));

    private Task Counted(Task write) => write.IsCompletedSuccessfully ? write : CountedAsync(write);

    private async Task CountedAsync(Task write)
    {
        try
        {
            await write;
        }
        catch
        {
            metrics.ConnectionError(ConnectionErrorReasons.SendFailed);
            throw;
        }
    }
}
