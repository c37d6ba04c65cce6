using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// The delivery dispatcher of a real hub process killed in the middle of sending and started
/// again: every delivery is sent, and none more than once beyond the one send a kill can land
/// between (the send and its commit). The channels are the Testing environment's file channel.
/// </summary>
public sealed class DispatcherRestartTests : IDisposable
{
    private const int Notifications = 400;
    private const int Deliveries = 2 * Notifications;

    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-dispatcher-").FullName;

    private string SentFile => Path.Combine(_directory, "sent.txt");

    private Dictionary<string, string?> Settings(string pollMs) => HubSettings.WithInboxIn(_directory,
        ("ASPNETCORE_ENVIRONMENT", "Testing"), ("TESTING_CHANNEL_FILE", SentFile), ("TESTING_CHANNEL_SEND_MS", "5"),
        ("DISPATCHER_BATCH_SIZE", "20"), ("DISPATCHER_LEASE_SECONDS", "5"), ("DISPATCHER_POLL_INTERVAL_MS", pollMs));

    private string[] SentLines() => File.Exists(SentFile) ? File.ReadAllLines(SentFile) : [];

    [Fact]
    public async Task A_dispatcher_killed_mid_batch_and_started_again_sends_every_delivery_once()
    {
        var cancel = TestContext.Current.CancellationToken;
        // A long poll: the dispatcher looks once at start and then not for a minute, so the publishes wait in the outbox.
        await using (var quiet = await ServiceProcess.StartHubAsync(Settings("60000")))
        {
            using var http = new HttpClient { BaseAddress = quiet.BaseUrl };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Publisher());
            for (var batch = 0; batch < Notifications / PublishBatchRequest.MaxRequests; batch++)
            {
                var requests = Enumerable.Range(0, PublishBatchRequest.MaxRequests).Select(i => new PublishRequest(
                    $"restart-{i % 40}", NotificationTypes.GenerationCompleted, $"n{batch}-{i}", "m", NotificationPriorities.Urgent)).ToList();
                using var response = await http.PostAsJsonAsync(Routes.Publish + "/batch", new PublishBatchRequest(requests), ContractJson.Options, cancel);
                response.EnsureSuccessStatusCode();
            }
            await quiet.KillAsync();
        }
        Assert.Empty(SentLines());

        // Started on the backlog, it sends without pausing until killed part way through.
        await using (var sending = await ServiceProcess.StartHubAsync(Settings("60000")))
        {
            await Eventually.AssertAsync(() => SentLines().Length >= 100, TimeSpan.FromSeconds(60), "the dispatcher starts sending");
            await sending.KillAsync();
        }
        var atKill = SentLines().Length;
        Assert.InRange(atKill, 100, Deliveries - 1);

        // Started again: the dead instance's claims lapse after their lease and are sent.
        await using var restarted = await ServiceProcess.StartHubAsync(Settings("200"));
        await Eventually.AssertAsync(() => SentLines().Select(line => line.Split(' ')[0]).Distinct().Count() == Deliveries,
            TimeSpan.FromSeconds(120), "every delivery is sent after the restart");

        var lines = SentLines();
        var resent = lines.GroupBy(line => line.Split(' ')[0]).Where(g => g.Count() > 1).ToList();
        Assert.True(resent.Count <= 1, $"{resent.Count} deliveries were sent more than once: {string.Join(", ", resent.Select(g => g.Key))}");
        Assert.All(resent, group => Assert.Equal(2, group.Count()));
        Assert.Equal(Notifications, lines.Select(line => line.Split(' ')[2]).Distinct().Count());

        using var admin = new HttpClient { BaseAddress = restarted.BaseUrl };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Admin());
        var metrics = await admin.GetFromJsonAsync<JsonObject>("/api/v1/admin/delivery-metrics", cancel);
        Assert.All(metrics!["rows"]!.AsArray(), row => Assert.Equal(Notifications, row!["sent"]!.GetValue<long>()));
        Assert.Equal(2, metrics["rows"]!.AsArray().Count);
    }

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);
}
