using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vividly.Hub.Client;
using Vividly.Hub.Client.Contract;
using Vividly.LoadTest.Cli;
using Vividly.LoadTest.Metrics;

namespace Vividly.LoadTest.Connections;

/// <summary>One simulated device: a hub client of one user and what it received.</summary>
internal sealed class LoadConnection : IAsyncDisposable
{
    private readonly IDeviceClient _client;
    private readonly TaskCompletionSource _established = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoadConnection(int user, Uri hub, string token, RunContext run, Action<LoadConnection, Notification> received)
    {
        User = user;
        Tally = new ConnectionTally();
        var handlers = run.Http.HandlerFactory(() => new SseTap(run.RunId, Tally, run.Counters));
        var events = new DeviceEvents(() => _established.TrySetResult(), notification => received(this, notification), run.Counters);
        _client = run.Target == HubTarget.Stock
            ? new StockDevice(hub, token, handlers, events)
            : new VividlyDevice(hub, token, handlers, run.ClientLogger, events);
    }

    public int User { get; }

    public ConnectionTally Tally { get; }

    /// <summary>Connects and waits for <c>ConnectionEstablished</c>; records how long a device waits before it is live.</summary>
    public async Task ConnectAsync(LatencyRecorder connectTimes, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await _client.StartAsync(cancellationToken);
        await _established.Task.WaitAsync(cancellationToken);
        connectTimes.Record(started, Stopwatch.GetTimestamp());
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}

/// <summary>What every connection of a run shares.</summary>
internal sealed record RunContext(string RunId, SharedHttp Http, RunCounters Counters, ILogger<NotificationHubClient> ClientLogger, HubTarget Target);
