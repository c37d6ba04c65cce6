using Vividly.Hub.Client.Contract;
using Vividly.LoadTest.Metrics;

namespace Vividly.LoadTest.Connections;

/// <summary>One simulated device's connection to the hub under test.</summary>
internal interface IDeviceClient : IAsyncDisposable
{
    /// <summary>Connects, retrying until connected or <paramref name="cancellationToken"/> fires.</summary>
    Task StartAsync(CancellationToken cancellationToken);
}

/// <summary>What a device reports: the hub's <c>ConnectionEstablished</c>, each notification raised, reconnects and errors.</summary>
internal sealed record DeviceEvents(Action Established, Action<Notification> Received, RunCounters Counters);
