using Vividly.Hub.Live;

namespace Vividly.Hub.Connections;

/// <summary>
/// On SIGTERM (Cloud Run gives 10 seconds), stops taking connections and closes this instance's
/// streams at once, with reconnecting allowed, so clients reconnect to another instance and
/// resume there. In-flight requests,
/// publishes among them, finish while the host waits out its shutdown timeout.
/// </summary>
public sealed partial class GracefulDrain(IHostApplicationLifetime lifetime, ConnectionRegistry connections, ILogger<GracefulDrain> logger) : IHostedService
{
    private volatile bool _draining;

    public bool Draining => _draining;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(Drain);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Drain()
    {
        _draining = true;
        var open = connections.All();
        Log.Draining(logger, open.Count);
        foreach (var connection in open) connection.Control.CloseAllowingReconnect(CloseReason.ShuttingDown);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Shutting down: closing {Count} connections so they move to another instance")]
        public static partial void Draining(ILogger logger, int count);
    }
}
