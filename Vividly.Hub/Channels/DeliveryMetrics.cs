using System.Diagnostics.Metrics;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Channels;

/// <summary>
/// Email and push as <c>Vividly.Hub</c> metrics, tagged by channel and notification type: open
/// rate, click-through and bounce rate are the event counts over <c>vividly.hub.channel.sent</c>.
/// </summary>
public sealed class DeliveryMetrics
{
    public const string RoutedName = "vividly.hub.channel.routed";
    public const string SentName = "vividly.hub.channel.sent";
    public const string AttemptsName = "vividly.hub.channel.attempts";
    public const string EventsName = "vividly.hub.channel.events";

    private readonly Counter<long> _routed;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _events;

    public DeliveryMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceMetrics.MeterName);
        _routed = meter.CreateCounter<long>(RoutedName, unit: "{delivery}",
            description: "Deliveries recorded by routing, by channel, type and status (pending, held, digest, skipped).");
        _sent = meter.CreateCounter<long>(SentName, unit: "{delivery}", description: "Deliveries accepted by the channel's provider, by channel and type.");
        _attempts = meter.CreateCounter<long>(AttemptsName, unit: "{attempt}",
            description: "Sends tried, by channel, type and the status they left (sent, pending for a retry, failed, skipped).");
        _events = meter.CreateCounter<long>(EventsName, unit: "{event}",
            description: "Provider and engagement events, first of each kind per delivery, by channel, type and kind (delivered, opened, clicked, bounced, spamreport, unsubscribed).");
    }

    public void Routed(string channel, string type, string status) => _routed.Add(1, Tag("channel", channel), Tag("type", type), Tag("status", status));

    public void Attempted(string channel, string type, string status)
    {
        _attempts.Add(1, Tag("channel", channel), Tag("type", type), Tag("status", status));
        if (status == DeliveryStatuses.Sent) _sent.Add(1, Tag("channel", channel), Tag("type", type));
    }

    public void Event(string channel, string type, string kind) => _events.Add(1, Tag("channel", channel), Tag("type", type), Tag("kind", kind));

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
