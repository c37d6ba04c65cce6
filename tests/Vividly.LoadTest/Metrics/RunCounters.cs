using System.Collections.Concurrent;

namespace Vividly.LoadTest.Metrics;

/// <summary>Errors and reconnects across the run, with a sample of what went wrong.</summary>
internal sealed class RunCounters
{
    private const int MaxSampledMessages = 20;

    private readonly ConcurrentDictionary<string, int> _samples = new(StringComparer.Ordinal);
    private long _connectFailures;
    private long _connectTimeouts;
    private long _publishErrors;
    private long _resumeFailures;
    private long _closed;
    private long _tapErrors;
    private long _reconnects;

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long PublishErrors => Interlocked.Read(ref _publishErrors);

    /// <summary>Everything but publish errors: those are judged per phase.</summary>
    public long ConnectionErrors =>
        Interlocked.Read(ref _connectFailures) + Interlocked.Read(ref _connectTimeouts) + Interlocked.Read(ref _resumeFailures)
        + Interlocked.Read(ref _closed) + Interlocked.Read(ref _tapErrors);

    public long Errors => ConnectionErrors + PublishErrors;

    public void Reconnecting() => Interlocked.Increment(ref _reconnects);

    public void ConnectFailed(string message) => Count(ref _connectFailures, "connect: " + message);

    public void ConnectTimedOut() => Count(ref _connectTimeouts, "connect: not connected before the deadline");

    public void PublishFailed(Exception error) => Count(ref _publishErrors, $"publish: {error.GetType().Name}: {error.Message}");

    public void ResumeFailed(string message) => Count(ref _resumeFailures, "resume: " + message);

    public void Closed(string message) => Count(ref _closed, "closed by the server: " + message);

    public void TapFailed(Exception error) => Count(ref _tapErrors, "event stream: " + error.Message);

    public ErrorBreakdown Breakdown() => new(
        Interlocked.Read(ref _connectFailures), Interlocked.Read(ref _connectTimeouts), PublishErrors,
        Interlocked.Read(ref _resumeFailures), Interlocked.Read(ref _closed), Interlocked.Read(ref _tapErrors));

    public IReadOnlyDictionary<string, int> Samples() => new SortedDictionary<string, int>(_samples, StringComparer.Ordinal);

    private void Count(ref long counter, string message)
    {
        Interlocked.Increment(ref counter);
        if (_samples.ContainsKey(message) || _samples.Count < MaxSampledMessages)
            _samples.AddOrUpdate(message, 1, static (_, n) => n + 1);
    }
}

internal sealed record ErrorBreakdown(
    long ConnectFailures,
    long ConnectTimeouts,
    long PublishErrors,
    long ResumeFailures,
    long ClosedByServer,
    long EventStreamErrors);
