using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// Two hub instances sharing PostgreSQL and Redis, the unsnooze job beating each second: one
/// instance returns an ended snooze, and devices on either instance get it as a new notification.
/// </summary>
public sealed class SnoozeReturnTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private const string User = "sleeper";

    [Fact]
    public async Task An_ended_snooze_is_returned_by_one_instance_at_a_new_seq_to_a_stock_hub_client_a_plain_stream_and_a_resume()
    {
        await using var cluster = await ScaleOut.StartAsync(2, new Dictionary<string, string?>
        {
            ["INBOX_UNSNOOZE_INTERVAL_SECONDS"] = "1",
            ["Logging__LogLevel__Vividly.Hub.Jobs"] = "Information",
        });
        using var publisher = new HttpPublisher();
        var snoozed = await publisher.PublishAsync(cluster.Hubs[0].BaseUrl, HttpPublisher.Request(User, "later"));
        await publisher.PublishAsync(cluster.Hubs[1].BaseUrl, HttpPublisher.Request(User, "now"));

        var received = new ConcurrentQueue<Notification>();
        await using var hubClient = new HubConnectionBuilder()
            .WithUrl(new Uri(cluster.Hubs[0].BaseUrl, HubMethods.HubPath), HttpTransportType.ServerSentEvents,
                options => options.AccessTokenProvider = () => Task.FromResult<string?>(TestTokens.Student(User)))
            .AddJsonProtocol(options => ContractJson.Apply(options.PayloadSerializerOptions))
            .WithAutomaticReconnect()
            .Build();
        hubClient.On<Notification>(HubMethods.Notification, received.Enqueue);
        await hubClient.StartAsync();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await using var stream = await PlainStreamReader.OpenAsync(http, new Uri(cluster.Hubs[1].BaseUrl, Routes.Stream), TestTokens.Student(User));
        Assert.Equal(StreamEvents.ConnectionEstablished, (await stream.NextAsync(Wait))!.Value.EventType);

        // As the snooze action stores it, with its end already passed.
        await SqlAsync(cluster, "UPDATE notifications SET snoozed_until = @until WHERE id = @id",
            ("until", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1), ("id", snoozed.Id));

        await Eventually.AssertAsync(() => received.Any(n => n.Id == snoozed.Id), Wait, "the hub client is sent the returned notification");
        var returned = received.Single(n => n.Id == snoozed.Id);
        Assert.Equal((3L, "later"), (returned.Seq, returned.Title));
        var streamed = (await stream.NextBesidesHeartbeatsAsync(Wait))!.Value;
        Assert.Equal((StreamEvents.Notification, "3"), (streamed.EventType, streamed.EventId));
        Assert.Equal(snoozed.Id, JsonNode.Parse(streamed.Data)!["id"]!.GetValue<string>());
        // A device that stopped at seq 2 reads it back; nothing is left at its old seq.
        var page = await hubClient.InvokeAsync<ResumePage>(HubMethods.ResumeFrom, 2L);
        Assert.Equal([(snoozed.Id, 3L)], page.Notifications.Select(n => (n.Id, n.Seq)));
        Assert.Equal(3L, await SqlAsync(cluster, "SELECT last_seq FROM inbox_users WHERE user_id = @user", ("user", User)));

        // Moved once, by one instance: the next publish takes the next seq, and the client saw the return once.
        var next = await publisher.PublishAsync(cluster.Hubs[1].BaseUrl, HttpPublisher.Request(User, "after"));
        Assert.Equal(4, next.Seq);
        await Eventually.AssertAsync(() => received.Any(n => n.Id == next.Id), Wait, "the hub client is sent the next publish");
        Assert.Single(received, n => n.Id == snoozed.Id);
        var runners = cluster.Hubs.Where(hub => hub.Process.RecentOutput.Contains("Job unsnooze: lease taken by", StringComparison.Ordinal)).ToList();
        output.WriteLine(string.Join('\n', runners.Select(hub => hub.BaseUrl.ToString())));
        Assert.Single(runners);
        var holder = (string?)await SqlAsync(cluster, "SELECT holder FROM job_leases WHERE name = 'unsnooze'");
        Assert.Contains(holder, new[] { "hub-1", "hub-2" });
    }

    private static async Task<object?> SqlAsync(ScaleOut cluster, string sql, params (string Name, object Value)[] parameters)
    {
        var database = new Uri(cluster.DatabaseUrl).AbsolutePath.TrimStart('/');
        await using var connection = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={cluster.Postgres.Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database};Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }
}
