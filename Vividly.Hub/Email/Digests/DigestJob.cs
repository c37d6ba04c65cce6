using Microsoft.Extensions.Options;
using Vividly.Hub.Channels;
using Vividly.Hub.Jobs;
using Vividly.Hub.Preferences;

namespace Vividly.Hub.Email.Digests;

/// <summary>
/// Sends the hourly and daily email digests, on one instance at a time (the job runner's lease).
/// Each run first claims every window that has closed for a user with digest deliveries waiting
/// (<see cref="DigestWindows"/>), then sends the claimed windows that are due, one email each
/// under the window's id as its delivery id. Notifications read, archived or removed in the app
/// by then are left out (their deliveries <c>skipped</c>); a window left with nothing sends
/// nothing. The outcome is stored straight after the send: a crash between the two sends that
/// window once more, as the instant path does.
/// </summary>
public sealed partial class DigestJob(
    DigestStore store, IPreferencesStore preferences, IDigestSender sender, IOptions<DigestOptions> options, IOptions<DispatcherOptions> dispatcher,
    DeliveryMetrics metrics, TimeProvider timeProvider, ILogger<DigestJob> logger) : IBackgroundJob
{
    /// <summary>Windows sent per store call, so no call holds the store for long.</summary>
    public const int BatchSize = 100;

    private readonly RetryBackoff _backoff = new(TimeSpan.FromMilliseconds(dispatcher.Value.BackoffBaseMs),
        TimeSpan.FromSeconds(dispatcher.Value.BackoffMaxSeconds), Random.Shared.NextDouble);

    public string Name => "email-digest";

    /// <summary>Often enough that a window goes out within a minute of its end.</summary>
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await ClaimClosedWindowsAsync(cancellationToken);
        IReadOnlyList<DigestWindow> due;
        do
        {
            due = await store.DueAsync(BatchSize, cancellationToken);
            foreach (var window in due) await SendAsync(window, cancellationToken);
        }
        while (due.Count == BatchSize);
    }

    private async Task ClaimClosedWindowsAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var backlog in await store.BacklogAsync(cancellationToken))
        {
            var end = backlog.Cadence == EmailCadences.Daily
                ? DigestWindows.LastDailyEnd(now, (await preferences.GetAsync(backlog.UserId, cancellationToken))?.Settings.QuietHours ?? QuietHours.Default, options.Value.Hour)
                : DigestWindows.LastHourlyEnd(now);
            // Deliveries newer than the window wait for the next one.
            if (backlog.OldestAt < end) await store.ClaimAsync(backlog.UserId, backlog.Cadence, end, cancellationToken);
        }
    }

    private async Task SendAsync(DigestWindow window, CancellationToken cancellationToken)
    {
        var items = await store.ItemsAsync(window.Id, cancellationToken);
        var left = items.Where(item => item.Notification is { ReadAt: null, ArchivedAt: null }).ToList();
        var dropped = items.Except(left)
            .Select(item => (item.DeliveryId, DeliveryStatuses.Skipped, (string?)(item.Notification is null ? DeliveryReasons.NotificationRemoved : DeliveryReasons.SeenInApp)))
            .ToList();
        if (left.Count == 0)
        {
            await store.CompleteAsync(window, new DigestResult(DigestWindowStatuses.Empty, null, null, dropped), null, cancellationToken);
            return;
        }

        SendOutcome outcome;
        try
        {
            outcome = await sender.SendDigestAsync(window.Id, window.UserId, window.Cadence, [.. left.Select(item => item.Notification!)], cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = new SendOutcome.RetryLater(ex.Message, null);
        }

        var attempt = window.Attempts + 1;
        (string Status, string DeliveryStatus, string? Reason, string? Error, DateTimeOffset? Due) next = outcome switch
        {
            SendOutcome.Sent => (DigestWindowStatuses.Sent, DeliveryStatuses.Sent, null, null, null),
            SendOutcome.RetryLater retry when attempt >= dispatcher.Value.MaxAttempts =>
                (DigestWindowStatuses.Failed, DeliveryStatuses.Failed, null, retry.Error, null),
            SendOutcome.RetryLater retry => (DigestWindowStatuses.Claimed, DeliveryStatuses.Sending, null, retry.Error,
                timeProvider.GetUtcNow() + _backoff.DelayAfter(attempt, retry.After)),
            SendOutcome.Failed failed => (DigestWindowStatuses.Failed, DeliveryStatuses.Failed, null, failed.Error, null),
            SendOutcome.Unreachable unreachable => (DigestWindowStatuses.Skipped, DeliveryStatuses.Skipped, DeliveryReasons.Unreachable, unreachable.Reason, null),
            _ => throw new ArgumentOutOfRangeException(nameof(window), outcome, "No such send outcome."),
        };
        var (status, deliveryStatus, reason, error, due) = next;
        // A retry leaves the deliveries with the window; only those dropped from it change now.
        var deliveries = deliveryStatus == DeliveryStatuses.Sending
            ? dropped
            : [.. dropped, .. left.Select(item => (item.DeliveryId, deliveryStatus, reason))];
        // Straight after the send, and not cancelled with the run, so the resend window is this one write.
        await store.CompleteAsync(window, new DigestResult(status, error, due, deliveries), (outcome as SendOutcome.Sent)?.ProviderMessageId, CancellationToken.None);
        foreach (var item in left) metrics.Attempted(NotificationChannels.Email, item.Type, deliveryStatus == DeliveryStatuses.Sending ? DeliveryStatuses.Pending : deliveryStatus);
        if (status == DigestWindowStatuses.Sent) Log.Sent(logger, window.Cadence, window.UserId, left.Count);
        else Log.NotSent(logger, window.Cadence, window.UserId, status, error);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Sent the {Cadence} digest to {UserId} with {Count} notifications")]
        public static partial void Sent(ILogger logger, string cadence, string userId, int count);

        [LoggerMessage(2, LogLevel.Warning, "The {Cadence} digest to {UserId} was not sent ({Status}): {Error}")]
        public static partial void NotSent(ILogger logger, string cadence, string userId, string status, string? error);
    }
}
