namespace Vividly.Testing;

public enum StockClientKind
{
    /// <summary>The official npm <c>@microsoft/signalr</c> client, run by Node.</summary>
    Js,
    /// <summary>The official .NET <c>HubConnectionBuilder</c> client.</summary>
    Dotnet,
}

/// <summary>
/// Clients of the hub written exactly as the app teams write them with the official SignalR
/// clients and <c>withAutomaticReconnect()</c>'s default delays (0, 2, 10, 30 s, then give up), so
/// tests see what every stock client sees when the server closes, refuses or disappears.
/// </summary>
public interface IStockClients : IAsyncDisposable
{
    StockClientKind Kind { get; }

    /// <summary>One recording per client, in the order of the user ids they were made for.</summary>
    IReadOnlyList<StockClientRecording> Clients { get; }

    /// <summary>What the clients' process said lately beyond their events (warnings, crashes), for failure messages.</summary>
    string RecentOutput { get; }

    /// <summary>Calls <c>start()</c> once without waiting; its outcome is recorded as started or start_failed.</summary>
    Task StartAsync(int client);

    /// <summary>Calls <c>stop()</c> and waits until the client reports itself closed.</summary>
    Task StopAsync(int client);
}

public static class StockClients
{
    /// <summary>
    /// Makes one client per user id against <paramref name="hub"/> (a base URL) and, when
    /// <paramref name="start"/>, starts them one after another, as separate browsers or services
    /// would, waiting until each has connected or failed to.
    /// </summary>
    public static async Task<IStockClients> StartAsync(StockClientKind kind, Uri hub, IReadOnlyList<string> userIds, StockClientSettings? settings = null, bool start = true)
    {
        settings ??= StockClientSettings.Default;
        IStockClients clients = kind == StockClientKind.Js
            ? StockJsClients.Start(hub, userIds, settings, start)
            : await StockDotnetClients.StartAsync(hub, userIds, settings, start);
        if (start) await SettledAsync(clients);
        return clients;
    }

    /// <summary>
    /// Waits until every client's start() has answered and it has heard <c>ConnectionEstablished</c>,
    /// or has failed to start or been closed. The JS client can hear <c>ConnectionEstablished</c>
    /// before its start() resolves, so both are waited for.
    /// </summary>
    public static Task SettledAsync(IStockClients clients, int seconds = 30) =>
        Eventually.AssertAsync(() => clients.Clients.All(c => c.State != StockClientState.NotStarted && (c.Connections.Count > 0 || c.State == StockClientState.Disconnected)),
            TimeSpan.FromSeconds(seconds),
            $"every {clients.Kind} stock client connects or fails to:\n{string.Join('\n', clients.Clients.Where(c => c.Connections.Count == 0))}\n{clients.RecentOutput}");

    /// <summary>Waits until <paramref name="client"/> reports itself closed after a stop.</summary>
    internal static Task ClosedAsync(StockClientRecording client) =>
        Eventually.AssertAsync(() => client.State == StockClientState.Disconnected, TimeSpan.FromSeconds(10), $"stop() closes it: {client}");
}
