using Vividly.Hub.Shared;

namespace Vividly.Hub.Jobs;

/// <summary>
/// Runs every <see cref="IBackgroundJob"/> on one instance at a time, each in its own
/// <see cref="JobLoop"/> under its own lease, held in this instance's name (<c>INSTANCE_ID</c>).
/// </summary>
public sealed class JobRunner(
    IEnumerable<IBackgroundJob> jobs, IJobLeases leases, InstanceIdentity instance, TimeProvider timeProvider, ILogger<JobRunner> logger) : BackgroundService
{
    /// <summary>Beats are never further apart: a lapsed lease is taken over within a few of them.</summary>
    public static readonly TimeSpan MaxBeat = TimeSpan.FromMinutes(1);

    /// <summary>A lease lasts this many beats, so a holder that misses a renewal or two keeps it.</summary>
    public const int LeaseBeats = 3;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => Task.Run(() => new JobLoop(job, leases, instance.Id, timeProvider, logger).RunAsync(stoppingToken), CancellationToken.None)));
}
