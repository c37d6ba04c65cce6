using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>The hub as Cloud Run runs it: every line it writes is a JSON log entry, and no token is in any.</summary>
public sealed class ProductionLogTests : IDisposable
{
    private static readonly string[] Severities = ["DEFAULT", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-logs-").FullName;

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);

    [Fact]
    public async Task Every_line_is_JSON_with_a_severity_and_its_message_properties_and_no_token_is_logged_at_any_level()
    {
        var lines = new ConcurrentQueue<string>();
        await using var hub = await ServiceProcess.StartHubAsync(new Dictionary<string, string?>
        {
            ["INBOX_SQLITE_PATH"] = Path.Combine(_directory, "inbox.db"),
            ["GOOGLE_CLOUD_PROJECT"] = "log-test-project",
            // Everything, the framework's debug and trace output too: a token must not surface at any level.
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
        }, new ServiceLaunch(OnOutputLine: lines.Enqueue));

        var student = TestTokens.Student("log-student");
        var publisher = TestTokens.Publisher();
        var forged = new Vividly.Hub.Client.Auth.HubTokenFactory(new("another-secret-that-is-long-enough-for-hs256"), TimeProvider.System)
            .Create("log-student", TimeSpan.FromHours(1));
        using var http = new HttpClient { BaseAddress = hub.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

        // The hub's SSE transport as a browser's SignalR client speaks it: the token in the query string.
        using var negotiate = await http.PostAsync($"{Routes.Negotiate}?negotiateVersion=1&access_token={student}", null);
        negotiate.EnsureSuccessStatusCode();
        var connection = (await negotiate.Content.ReadFromJsonAsync<JsonObject>())!["connectionToken"]!.GetValue<string>();
        var connectionUrl = $"{HubMethods.HubPath}?id={Uri.EscapeDataString(connection)}&access_token={student}";
        using var open = new HttpRequestMessage(HttpMethod.Get, connectionUrl);
        open.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var events = await http.SendAsync(open, HttpCompletionOption.ResponseHeadersRead);
        events.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
        using (var handshake = await http.PostAsync(connectionUrl, new StringContent("{\"protocol\":\"json\",\"version\":1}\u001e")))
            handshake.EnsureSuccessStatusCode();
        Assert.NotNull(await RawSse.ReadUntilAsync(reader, RawSse.IsConnectionEstablished, TimeSpan.FromSeconds(10)));

        // The plain stream, as an EventSource opens it; and refused with a token signed by another key.
        await using (var stream = await PlainStreamReader.OpenAsync(http, new Uri(hub.BaseUrl, $"{Routes.Stream}?access_token={student}"), token: null))
            Assert.Equal(StreamEvents.ConnectionEstablished, (await stream.NextAsync(TimeSpan.FromSeconds(10)))!.Value.EventType);
        using (var refused = await http.GetAsync($"{Routes.Stream}?access_token={forged}"))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // A publish with its bearer token, twice under one key: the repeat is logged with its properties.
        var request = new PublishRequest("log-student", NotificationTypes.SystemAnnouncement, "Logged", "message", null, null, "log-key");
        for (var i = 0; i < 2; i++)
        {
            using var publish = new HttpRequestMessage(HttpMethod.Post, Routes.Publish) { Content = JsonContent.Create(request, options: ContractJson.Options) };
            publish.Headers.Authorization = new AuthenticationHeaderValue("Bearer", publisher);
            using var answered = await http.SendAsync(publish);
            Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        }
        await Eventually.AssertAsync(() => lines.Any(line => line.Contains("\"eventName\":\"Duplicate\"", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the repeated publish is logged");

        // A stop flushes what the console still holds.
        Assert.True(await hub.Process.TerminateAsync(TimeSpan.FromSeconds(20)));

        Assert.NotEmpty(lines);
        var entries = lines.Select(line =>
        {
            var entry = JsonNode.Parse(line) as JsonObject;
            Assert.True(entry is not null, $"not a JSON object: {line}");
            Assert.Contains(entry["severity"]?.GetValue<string>(), Severities);
            Assert.False(string.IsNullOrEmpty(entry["message"]?.GetValue<string>()), line);
            Assert.True(DateTimeOffset.TryParse(entry["time"]?.GetValue<string>(), out _), line);
            return entry;
        }).ToList();

        var duplicate = entries.Single(entry => entry["eventName"]?.GetValue<string>() == "Duplicate");
        Assert.Equal("DEBUG", duplicate["severity"]!.GetValue<string>());
        Assert.Equal("log-student", duplicate["UserId"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.Number, duplicate["Seq"]!.GetValueKind());
        Assert.Equal(1, duplicate["Seq"]!.GetValue<long>());
        // Logged inside the publish request: the line names its trace in the project's Cloud Trace.
        Assert.Matches("^projects/log-test-project/traces/[0-9a-f]{32}$", duplicate["logging.googleapis.com/trace"]!.GetValue<string>());

        var everything = string.Join('\n', lines) + '\n' + hub.Process.RecentOutput;
        foreach (var token in new[] { student, publisher, forged })
        {
            Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
            // A signature alone would be as bad as the token it signs.
            Assert.DoesNotContain(token[(token.LastIndexOf('.') + 1)..], everything, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("access_token", everything, StringComparison.OrdinalIgnoreCase);
    }
}
