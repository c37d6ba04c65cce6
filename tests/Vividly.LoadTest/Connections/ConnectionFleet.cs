using Vividly.Hub.Client.Contract;
using Vividly.LoadTest.Cli;
using Vividly.LoadTest.Metrics;
using Vividly.LoadTest.Run;

namespace Vividly.LoadTest.Connections;

/// <summary>
/// Opens the run's connections at the ramp rate. Connection i belongs to user i mod U; a user's
/// devices go round robin over the hubs, so with several instances each user spans them.
/// </summary>
internal sealed class ConnectionFleet(LoadOptions options, RunContext run, Func<int, string> userToken, Action<LoadConnection, Notification> received)
    : IAsyncDisposable
{
    private readonly List<LoadConnection> _all = [];
    private int _connectedCount;

    public LatencyRecorder ConnectTimes { get; } = new();

    public int ConnectedCount => Volatile.Read(ref _connectedCount);

    /// <summary>The connections that were live by the deadline; only these are expected to receive.</summary>
    public IReadOnlyList<LoadConnection> Connected { get; private set; } = [];

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var attempts = new Task<LoadConnection?>[options.Connections];
        await Pacer.RunAsync(attempts.Length, options.RampPerSecond, i => attempts[i] = OpenOneAsync((int)i, deadline.Token), cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        Connected = [.. (await Task.WhenAll(attempts)).OfType<LoadConnection>()];
    }

    /// <summary>How many live connections each user has: how many deliveries one notification to them makes.</summary>
    public int[] ConnectionsByUser()
    {
        var counts = new int[options.Users];
        foreach (var connection in Connected) counts[connection.User]++;
        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        LoadConnection[] all;
        lock (_all) all = [.. _all];
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 64 }, (c, _) => c.DisposeAsync());
    }

    private async Task<LoadConnection?> OpenOneAsync(int index, CancellationToken cancellationToken)
    {
        var user = index % options.Users;
        var device = index / options.Users;
        var connection = new LoadConnection(user, options.Hubs[(user + device) % options.Hubs.Count], userToken(user), run, received);
        lock (_all) _all.Add(connection);
        try
        {
            await connection.ConnectAsync(ConnectTimes, cancellationToken);
            Interlocked.Increment(ref _connectedCount);
            return connection;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Counters.ConnectTimedOut();
            return null;
        }
    }
}
