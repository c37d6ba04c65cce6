using System.Net;

namespace Vividly.Testing;

/// <summary>Several <see cref="StockDotnetClient"/>s in this process, one per user id given.</summary>
public sealed class StockDotnetClients : IStockClients
{
    private readonly List<StockDotnetClient> _clients;

    private StockDotnetClients(List<StockDotnetClient> clients) => _clients = clients;

    public StockClientKind Kind => StockClientKind.Dotnet;

    /// <summary>Nothing: these clients run in the test's own process and report only through their recordings.</summary>
    public string RecentOutput => "";

    public IReadOnlyList<StockClientRecording> Clients => [.. _clients.Select(c => c.Got)];

    /// <param name="stickyCookie">Held by every client from the start, pinning them behind a sticky load balancer.</param>
    public static async Task<StockDotnetClients> StartAsync(Uri hub, IReadOnlyList<string> userIds, StockClientSettings settings, bool start, Cookie? stickyCookie = null)
    {
        var clients = new StockDotnetClients([.. userIds.Select((user, i) => new StockDotnetClient(i, hub, user, settings, stickyCookie))]);
        if (start)
        {
            foreach (var client in clients._clients) await client.StartAsync();
        }
        return clients;
    }

    public Task StartAsync(int client)
    {
        _ = _clients[client].StartAsync();
        return Task.CompletedTask;
    }

    public async Task StopAsync(int client)
    {
        await _clients[client].StopAsync();
        await StockClients.ClosedAsync(_clients[client].Got);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) await client.DisposeAsync();
    }
}
