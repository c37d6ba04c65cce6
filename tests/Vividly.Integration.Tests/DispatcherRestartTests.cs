using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// The delivery dispatcher of a real hub process killed in the middle of sending email to a real
/// SMTP server, and started again: every delivery arrives, and none more than once beyond the one
/// send a kill can land between (the send and its commit), recognised by its Message-ID, which
/// carries the delivery id.
/// </summary>
public sealed class DispatcherRestartTests : IAsyncLifetime
{
    private const int Notifications = 400;
    private const int Users = 40;

    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-dispatcher-").FullName;
    private SmtpServer _smtp = null!;

    // Each message takes a little while at the SMTP server, so the kill lands part way through a batch.
    public async ValueTask InitializeAsync() => _smtp = await SmtpServer.StartNewAsync(TimeSpan.FromMilliseconds(5));

    public async ValueTask DisposeAsync()
    {
        await _smtp.DisposeAsync();
        TestProcess.TryDeleteDirectory(_directory);
    }

    private Dictionary<string, string?> Settings(string pollMs) => HubSettings.WithInboxIn(_directory,
        ("SMTP_URL", _smtp.Url), ("EMAIL_FROM", "notifications@vividly.test"), ("APP_URL", "https://app.vividly.test"),
        ("DISPATCHER_BATCH_SIZE", "20"), ("DISPATCHER_LEASE_SECONDS", "5"), ("DISPATCHER_POLL_INTERVAL_MS", pollMs));

    /// <summary>The delivery ids of the messages received, one per message.</summary>
    private IReadOnlyList<string> Received() => [.. _smtp.MessageIds.Select(id => id.Split('@')[0])];

    [Fact]
    public async Task A_dispatcher_killed_mid_batch_and_started_again_sends_every_delivery_once()
    {
        var cancel = TestContext.Current.CancellationToken;
        // A long poll: the dispatcher looks once at start and then not for a minute, so the publishes wait in the outbox.
        await using (var quiet = await ServiceProcess.StartHubAsync(Settings("60000")))
        {
            using var http = new HttpClient { BaseAddress = quiet.BaseUrl };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Publisher());
            for (var user = 0; user < Users; user++)
            {
                using var stored = await http.PutAsJsonAsync($"/api/v1/users/restart-{user}/email", new { email = $"restart-{user}@example.test" }, cancel);
                stored.EnsureSuccessStatusCode();
            }
            for (var batch = 0; batch < Notifications / PublishBatchRequest.MaxRequests; batch++)
            {
                var requests = Enumerable.Range(0, PublishBatchRequest.MaxRequests).Select(i => new PublishRequest(
                    $"restart-{i % Users}", NotificationTypes.GenerationCompleted, $"n{batch}-{i}", "m", NotificationPriorities.Urgent)).ToList();
                using var response = await http.PostAsJsonAsync(Routes.Publish + "/batch", new PublishBatchRequest(requests), ContractJson.Options, cancel);
                response.EnsureSuccessStatusCode();
            }
            await quiet.KillAsync();
        }
        Assert.Empty(Received());

        // Started on the backlog, it sends without pausing until killed part way through.
        await using (var sending = await ServiceProcess.StartHubAsync(Settings("60000")))
        {
            await Eventually.AssertAsync(() => Received().Count >= 100, TimeSpan.FromSeconds(60), "the dispatcher starts sending");
            await sending.KillAsync();
        }
        var atKill = Received().Count;
        Assert.InRange(atKill, 100, Notifications - 1);

        // Started again: the dead instance's claims lapse after their lease and are sent.
        await using var restarted = await ServiceProcess.StartHubAsync(Settings("200"));
        await Eventually.AssertAsync(() => Received().Distinct().Count() == Notifications,
            TimeSpan.FromSeconds(120), "every delivery arrives after the restart");

        var resent = Received().GroupBy(id => id).Where(g => g.Count() > 1).ToList();
        Assert.True(resent.Count <= 1, $"{resent.Count} deliveries arrived more than once: {string.Join(", ", resent.Select(g => g.Key))}");
        Assert.All(resent, group => Assert.Equal(2, group.Count()));

        using var admin = new HttpClient { BaseAddress = restarted.BaseUrl };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Admin());
        var metrics = await admin.GetFromJsonAsync<JsonObject>("/api/v1/admin/delivery-metrics", cancel);
        var email = Assert.Single(metrics!["rows"]!.AsArray(), row => row!["channel"]!.GetValue<string>() == "email");
        Assert.Equal(Notifications, email!["sent"]!.GetValue<long>());
    }
}
