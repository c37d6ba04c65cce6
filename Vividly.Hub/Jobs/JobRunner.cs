using Vividly.Hub.Shared;

namespace Vividly.Hub.Jobs;

/// <summary>
/// Runs every <see cref="IBackgroundJob"/> on one instance at a time. Each job beats on its own
/// timer: every beat this instance takes or renews the job's lease, and while it holds it runs the
/// job every <see cref="IBackgroundJob.Interval"/>, renewing the lease through runs that outlast a
/// beat. A holder that stops renewing (gone, or cut off from the database) loses the lease when it
/// lapses, <see cref="LeaseBeats"/> beats later, and the next instance to beat takes it and runs
/// the job at once. A failed run is logged and the job runs again at its next interval.
/// </summary>
public sealed partial class JobRunner(
    IEnumerable<IBackgroundJob> jobs, IJobLeases leases, InstanceIdentity instance, TimeProvider timeProvider, ILogger<JobRunner> logger) : BackgroundService
{
    /// <summary>Beats are never further apart: a lapsed lease is taken over within a few of them.</summary>
    public static readonly TimeSpan MaxBeat = TimeSpan.FromMinutes(1);

    /// <summary>A lease lasts this many beats, so a holder that misses a renewal or two keeps it.</summary>
    public const int LeaseBeats = 3;

    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => Task.Run(() => RunJobAsync(job, stoppingToken), CancellationToken.None)));

    private async Task RunJobAsync(IBackgroundJob job, CancellationToken stoppingToken)
    {
        var schedule = Schedule.For(job.Interval);
        using var timer = new PeriodicTimer(schedule.Beat, timeProvider);
        var held = false;
        var beatsSinceRun = 0;
        try
        {
            do
            {
                var wasHeld = held;
                held = await TryHoldAsync(job, schedule, stoppingToken);
                if (held && !wasHeld) Log.Took(logger, job.Name, instance.Id);
                if (!held)
                {
                    if (wasHeld) Log.Lost(logger, job.Name, instance.Id);
                    continue;
                }
                // Runs at once on taking the lease: whoever held it before may have run it long ago.
                if (wasHeld && ++beatsSinceRun < schedule.BeatsPerRun) continue;
                beatsSinceRun = 0;
                held = await RunHoldingAsync(job, schedule, stoppingToken);
                if (!held) Log.Lost(logger, job.Name, instance.Id);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever was under way was cancelled.
        }
        finally
        {
            if (held) await ReleaseAsync(job);
        }
    }

    /// <summary>Runs the job once, renewing its lease each beat meanwhile; false when the lease was lost during the run.</summary>
    private async Task<bool> RunHoldingAsync(IBackgroundJob job, Schedule schedule, CancellationToken stoppingToken)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var ended = new CancellationTokenSource();
        var renewing = RenewWhileRunningAsync(job, schedule, lost, ended.Token);
        try
        {
            await job.RunAsync(lost.Token);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The job's own next run tries again; nothing else depends on this one.
            if (!lost.IsCancellationRequested) Log.Failed(logger, job.Name, ex);
        }
        finally
        {
            await ended.CancelAsync();
        }
        return await renewing;
    }

    private async Task<bool> RenewWhileRunningAsync(IBackgroundJob job, Schedule schedule, CancellationTokenSource lost, CancellationToken ended)
    {
        using var heartbeat = new PeriodicTimer(schedule.Beat, timeProvider);
        try
        {
            while (await heartbeat.WaitForNextTickAsync(ended))
            {
                if (await TryHoldAsync(job, schedule, ended)) continue;
                // Another instance may take it now: this run must not go on beside its.
                await lost.CancelAsync();
                return false;
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The run ended while the lease was still held.
        }
        return true;
    }

    /// <summary>A lease that cannot be checked counts as not held: better a late run than two at once.</summary>
    private async Task<bool> TryHoldAsync(IBackgroundJob job, Schedule schedule, CancellationToken cancellationToken)
    {
        try
        {
            return await leases.TryHoldAsync(job.Name, instance.Id, schedule.Lease, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.LeaseUnknown(logger, job.Name, ex);
            return false;
        }
    }

    private async Task ReleaseAsync(IBackgroundJob job)
    {
        using var bound = new CancellationTokenSource(ReleaseWait, timeProvider);
        try
        {
            await leases.ReleaseAsync(job.Name, instance.Id, bound.Token);
        }
        catch (Exception ex)
        {
            // It lapses on its own; another instance only waits a little longer.
            Log.NotReleased(logger, job.Name, ex);
        }
    }

    /// <summary>
    /// A beat that divides the interval evenly and is at most <see cref="MaxBeat"/>: a 60-minute
    /// job beats each minute and runs every 60th beat; a 10-second job beats and runs every 10 seconds.
    /// </summary>
    private readonly record struct Schedule(TimeSpan Beat, int BeatsPerRun)
    {
        public TimeSpan Lease => Beat * LeaseBeats;

        public static Schedule For(TimeSpan interval)
        {
            var beats = (int)Math.Ceiling(interval / MaxBeat);
            return new Schedule(interval / beats, beats);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Job {Job}: lease taken by {Holder}, which runs it from now on")]
        public static partial void Took(ILogger logger, string job, string holder);

        [LoggerMessage(2, LogLevel.Warning, "Job {Job}: {Holder} no longer holds the lease; another instance may run it")]
        public static partial void Lost(ILogger logger, string job, string holder);

        [LoggerMessage(3, LogLevel.Error, "Job {Job} failed; it runs again at its next interval")]
        public static partial void Failed(ILogger logger, string job, Exception exception);

        [LoggerMessage(4, LogLevel.Warning, "Job {Job}: the lease could not be checked; not running it until it can")]
        public static partial void LeaseUnknown(ILogger logger, string job, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "Job {Job}: the lease could not be given up on stopping; it lapses on its own")]
        public static partial void NotReleased(ILogger logger, string job, Exception exception);
    }
}
