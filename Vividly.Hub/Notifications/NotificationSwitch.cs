using Microsoft.Extensions.Options;

namespace Vividly.Hub.Notifications;

/// <summary>
/// <c>ENABLE_NOTIFICATIONS</c>, read afresh at every check and the same way by every path that
/// honours it (negotiate, REST and hub publishes, health), so a configuration reload switches
/// them all at once.
/// </summary>
public sealed class NotificationSwitch(IOptionsMonitor<NotificationsOptions> options)
{
    public bool IsOn => options.CurrentValue.EnableNotifications;
}
