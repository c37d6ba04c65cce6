using Vividly.Hub.Redis;

namespace Vividly.Hub.Live;

/// <summary>
/// Listens for the other instances' live messages once Redis is connected. When Redis comes back
/// from an outage or a stall it asks every connection of this instance to resume, so what was
/// published elsewhere meanwhile arrives now rather than with the next notification, and the
/// users whose messages only this instance's connections got to resume on every instance.
/// </summary>
public sealed partial class BackplaneRecovery(RedisConnection redis, LiveDelivery delivery, ILogger<BackplaneRecovery> logger) : IHostedService
{
    public const string Reason = "backplane_restored";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!redis.Enabled) return;
        redis.Restored += OnRestored;
        await delivery.SubscribeAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.Restored -= OnRestored;
        return Task.CompletedTask;
    }

    private void OnRestored() => _ = Task.Run(async () =>
    {
        // Listening may never have started, when Redis was away as this instance started.
        await delivery.SubscribeAsync();
        Log.AskingToResume(logger);
        delivery.AskAllToResume(Reason);
        // Instances see Redis return at different moments: what this one sent only locally
        // meanwhile, another may have asked its connections to resume before it was stored.
        await delivery.AskOthersToResumeAsync(Reason);
    });

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Backplane restored: asking every connection to resume")]
        public static partial void AskingToResume(ILogger logger);
    }
}
