using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Email.Digests;

/// <summary>A user and cadence with deliveries waiting for a digest, the oldest created at <paramref name="OldestAt"/>.</summary>
public sealed record DigestBacklog(string UserId, string Cadence, DateTimeOffset OldestAt);

/// <summary>A claimed window, to be sent as delivery <paramref name="Id"/> (its Message-ID).</summary>
public sealed record DigestWindow(string Id, string UserId, string Cadence, DateTimeOffset End, int Attempts);

/// <summary>One delivery in a window and its notification (null when cleared or trimmed since).</summary>
public sealed record DigestItem(string DeliveryId, string Type, Notification? Notification);

/// <summary>
/// How a window ended: its own status and error, when it is due again (a retry), and per delivery
/// its status and reason. Deliveries left out keep waiting with the window.
/// </summary>
public sealed record DigestResult(
    string Status, string? LastError, DateTimeOffset? DueAt, IReadOnlyList<(string DeliveryId, string Status, string? Reason)> Deliveries);

/// <summary>The <c>status</c> of a digest_windows row.</summary>
public static class DigestWindowStatuses
{
    /// <summary>Claimed with its deliveries; to be sent at <c>due_at</c>.</summary>
    public const string Claimed = "claimed";

    public const string Sent = "sent";

    /// <summary>Everything in it was read, archived or removed in the app first: nothing was sent.</summary>
    public const string Empty = "empty";

    public const string Skipped = "skipped";

    public const string Failed = "failed";
}
