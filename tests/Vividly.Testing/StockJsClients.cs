using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Vividly.Testing;

/// <summary>
/// The official npm <c>@microsoft/signalr</c> client as a React team uses it, run by Node from
/// <c>tests/StockClients/stock-client.mjs</c>: one Node process for all clients, each with its own
/// cookie jar, reporting one JSON line per event.
/// </summary>
public sealed class StockJsClients : IStockClients
{
    private readonly List<StockClientRecording> _clients;
    private TestProcess? _process;

    private StockJsClients(IReadOnlyList<string> userIds) =>
        _clients = [.. userIds.Select((user, i) => new StockClientRecording("js", i, user))];

    public StockClientKind Kind => StockClientKind.Js;

    public IReadOnlyList<StockClientRecording> Clients => _clients;

    public string RecentOutput => _process?.RecentOutput ?? "";

    /// <summary>Starts Node with one client per user id; with <paramref name="start"/>, Node starts them one after another.</summary>
    public static StockJsClients Start(Uri hub, IReadOnlyList<string> userIds, StockClientSettings settings, bool start)
    {
        var node = RequiredTool.Find("nodejs", "node", "/usr/bin/node");
        var directory = Path.Combine(RepositoryRoot.Path, "tests", "StockClients");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@microsoft", "signalr")))
            throw new InvalidOperationException($"The stock JS client needs its npm packages: run `npm ci` in {directory} (scripts/test.sh does).");

        var clients = new StockJsClients(userIds);
        List<string> arguments =
        [
            "stock-client.mjs",
            "--url", hub.GetLeftPart(UriPartial.Authority),
            "--users", string.Join(',', userIds),
            "--token-lifetime", Seconds(settings.TokenLifetime),
            "--keep-alive-ms", Milliseconds(settings.KeepAliveInterval),
            "--server-timeout-ms", Milliseconds(settings.ServerTimeout),
        ];
        if (!start) arguments.Add("--no-start");
        clients._process = TestProcess.Start(node, directory, arguments, new Dictionary<string, string?> { ["SECRET_KEY"] = TestTokens.Secret },
            "stock-js", clients.Hear);
        return clients;
    }

    public Task StartAsync(int client) => _process!.SendLineAsync($"start {client.ToString(CultureInfo.InvariantCulture)}");

    public async Task StopAsync(int client)
    {
        await _process!.SendLineAsync($"stop {client.ToString(CultureInfo.InvariantCulture)}");
        await StockClients.ClosedAsync(_clients[client]);
    }

    private void Hear(string line)
    {
        if (StockClientEvent.FromLine(line, Stopwatch.GetTimestamp()) is var (client, heard)) _clients[client].Add(heard);
    }

    private static string Seconds(TimeSpan span) => ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static string Milliseconds(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        // Stopped clients leave the hub at once and free their slots; a stuck Node is killed.
        try
        {
            await _process.SendLineAsync("stop");
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // Already gone, or stuck: killed below.
        }
        await _process.DisposeAsync();
    }
}
