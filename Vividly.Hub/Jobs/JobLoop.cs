namespace Vividly.Hub.Jobs;

/// <summary>
/// One job on one instance. Each beat of its timer either checks the lease (taking it when absent
/// or lapsed, renewing it when held) or, while a run is under way, renews it. While held the job
/// runs on taking the lease (whoever held it before may have run it long ago) and then every
/// <see cref="IBackgroundJob.Interval"/>. A holder that stops renewing, gone or cut off from the
/// database, loses the lease <see cref="JobRunner.LeaseBeats"/> beats after its last renewal, and
/// a run whose renewal fails is cancelled: another instance may take the lease from then on. A
/// failed run is logged and the job runs again at its next interval.
/// </summary>
internal sealed partial class JobLoop(IBackgroundJob job, IJobLeases leases, string holder, TimeProvider timeProvider, ILogger logger)
{
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(5);

    private readonly Schedule _schedule = Schedule.For(job.Interval);

    /// <summary>A beat already waited for during a run that ended first: the loop takes it next.</summary>
    private Task<bool>? _waiting;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_schedule.Beat, timeProvider);
        var held = false;
        var beatsSinceRun = 0;
        try
        {
            do
            {
                var wasHeld = held;
                held = await TryHoldAsync(stoppingToken);
                if (held != wasHeld)
                {
                    if (held) Log.Took(logger, job.Name, holder);
                    else Log.Lost(logger, job.Name, holder);
                }
                if (!held || (wasHeld && ++beatsSinceRun < _schedule.BeatsPerRun)) continue;
                (held, beatsSinceRun) = await RunHoldingAsync(timer, stoppingToken);
                if (!held) Log.Lost(logger, job.Name, holder);
            }
            while (await NextBeatAsync(timer, stoppingToken));
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever was waited on was cancelled, however the driver said so.
        }
        finally
        {
            if (held) await ReleaseAsync();
        }
    }

    private Task<bool> NextBeatAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        var beat = _waiting ?? timer.WaitForNextTickAsync(stoppingToken).AsTask();
        _waiting = null;
        return beat;
    }

    /// <summary>Runs the job once, renewing the lease on each beat meanwhile. Answers whether it is still held and how many beats the run spanned.</summary>
    private async Task<(bool Held, int Beats)> RunHoldingAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var run = RunOnceAsync(lost.Token);
        var beats = 0;
        try
        {
            while (true)
            {
                var beat = NextBeatAsync(timer, stoppingToken);
                if (await Task.WhenAny(run, beat) == run)
                {
                    _waiting = beat;
                    return (true, beats);
                }
                if (!await beat) return (true, beats);
                beats++;
                if (await TryHoldAsync(stoppingToken)) continue;
                // Another instance may take it now: this run must not go on beside its.
                await lost.CancelAsync();
                return (false, beats);
            }
        }
        finally
        {
            // Stopping or lost: the run was told to end; the lease is given up only once it has.
            await run;
        }
    }

    /// <summary>Never throws: a failure is the job's own, and cancellation comes from stopping or a lost lease, both handled by the loop.</summary>
    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await job.RunAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            if (!cancellationToken.IsCancellationRequested) Log.Failed(logger, job.Name, ex);
        }
    }

    /// <summary>A lease that cannot be checked counts as not held: better a late run than two at once.</summary>
    private async Task<bool> TryHoldAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await leases.TryHoldAsync(job.Name, holder, _schedule.Lease, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Log.LeaseUnknown(logger, job.Name, ex);
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        using var bound = new CancellationTokenSource(ReleaseWait, timeProvider);
        try
        {
            await leases.ReleaseAsync(job.Name, holder, bound.Token);
        }
        catch (Exception ex)
        {
            // It lapses on its own; another instance only waits a little longer.
            Log.NotReleased(logger, job.Name, ex);
        }
    }

    /// <summary>
    /// A beat that divides the interval evenly and is at most <see cref="JobRunner.MaxBeat"/>: a
    /// 60-minute job beats each minute and runs every 60th beat; a 10-second job beats and runs every 10 seconds.
    /// </summary>
    private readonly record struct Schedule(TimeSpan Beat, int BeatsPerRun)
    {
        public TimeSpan Lease => Beat * JobRunner.LeaseBeats;

        public static Schedule For(TimeSpan interval)
        {
            var beats = (int)Math.Ceiling(interval / JobRunner.MaxBeat);
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
