using System.Diagnostics;
using System.Text.Json;

namespace Vividly.Testing;

/// <summary>
/// The npm <c>eventsource</c> package, a WHATWG EventSource, reading the hub's plain stream from
/// <c>tests/StockClients/event-source.mjs</c>: one Node process for all readers, one JSON line
/// per event. Every notification is recorded as it arrives, duplicates included.
/// </summary>
public sealed class StockEventSources : IAsyncDisposable
{
    public const string Kind = "eventsource";

    /// <summary>The server's last event before it closed the stream; its reason is in <see cref="StockClientEvent.Error"/>.</summary>
    public const string ServerClosing = "server_closing";

    private readonly List<StockClientRecording> _clients;
    private TestProcess? _process;

    private StockEventSources(IReadOnlyList<string> userIds) =>
        _clients = [.. userIds.Select((user, i) => new StockClientRecording(Kind, i, user))];

    public IReadOnlyList<StockClientRecording> Clients => _clients;

    public string RecentOutput => _process?.RecentOutput ?? "";

    public static StockEventSources Start(Uri hub, IReadOnlyList<string> userIds)
    {
        var node = RequiredTool.Find("nodejs", "node", "/usr/bin/node");
        var directory = Path.Combine(RepositoryRoot.Path, "tests", "StockClients");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "eventsource")))
            throw new InvalidOperationException($"The EventSource reader needs its npm packages: run `npm ci` in {directory} (scripts/test.sh does).");
        var readers = new StockEventSources(userIds);
        readers._process = TestProcess.Start(node, directory,
            ["event-source.mjs", "--url", hub.GetLeftPart(UriPartial.Authority), "--users", string.Join(',', userIds)],
            new Dictionary<string, string?> { ["SECRET_KEY"] = TestTokens.Secret }, "eventsource", readers.Hear);
        return readers;
    }

    private void Hear(string line)
    {
        if (StockClientEvent.FromLine(line, Stopwatch.GetTimestamp()) is var (client, heard)) _clients[client].Add(heard);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        try
        {
            await _process.SendLineAsync("stop");
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // Already gone: disposing it below is all that is left.
        }
        await _process.DisposeAsync();
    }
}
