using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Client.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Jobs;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>The jobs in the hub, run by hand on the hub's clock, seen on a plain stream.</summary>
public sealed class JobsTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-jobs-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly HubFactory _hub;

    public JobsTests() =>
        _hub = new HubFactory().With("INBOX_SQLITE_PATH", DatabasePath).WithServices(services => services.AddSingleton<TimeProvider>(_time));

    private string DatabasePath => Path.Combine(_directory, "inbox.db");

    [Theory]
    [InlineData("INBOX_AUTO_ARCHIVE_DAYS", "-1")]
    [InlineData("INBOX_AUTO_ARCHIVE_DAYS", "3651")]
    [InlineData("INBOX_UNSNOOZE_INTERVAL_SECONDS", "0")]
    public void A_job_setting_out_of_range_stops_the_hub_from_starting(string key, string value)
    {
        using var hub = new HubFactory().With(key, value);
        var failure = Assert.ThrowsAny<Exception>(() => hub.CreateClient());
        Assert.Contains(key, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_returned_snooze_comes_down_the_plain_stream_at_a_new_seq_and_in_its_replay()
    {
        var user = Publishing.NewUser("sleeper");
        var snoozed = await _hub.PublishAsync(Publishing.Request(user, "later"));
        await _hub.PublishAsync(Publishing.Request(user, "now"));
        using var http = _hub.CreateHttp(null);
        await using var stream = await OpenStreamAsync(http, user);
        await SqlAsync("UPDATE notifications SET snoozed_until = @until WHERE id = @id", ("until", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("id", snoozed.Id));

        await JobAsync("unsnooze").RunAsync(CancellationToken.None);

        var returned = (await stream.NextBesidesHeartbeatsAsync(Wait))!.Value;
        Assert.Equal((StreamEvents.Notification, "3"), (returned.EventType, returned.EventId));
        Assert.Equal((snoozed.Id, 3L), (JsonNode.Parse(returned.Data)!["id"]!.GetValue<string>(), JsonNode.Parse(returned.Data)!["seq"]!.GetValue<long>()));
        await using var offline = await OpenStreamAsync(http, user, lastEventId: "2");
        var replayed = (await offline.NextBesidesHeartbeatsAsync(Wait))!.Value;
        Assert.Equal((StreamEvents.Notification, "3"), (replayed.EventType, replayed.EventId));
    }

    [Fact]
    public async Task Read_items_archived_by_the_job_are_announced_with_the_unread_count()
    {
        var user = Publishing.NewUser("tidy");
        var read = await _hub.PublishAsync(Publishing.Request(user, "read"));
        await _hub.PublishAsync(Publishing.Request(user, "unread"));
        using (var student = _hub.CreateHttp(TestTokens.Student(user)))
            (await student.PostAsync($"{Routes.Notifications}/{read.Id}/read", null)).EnsureSuccessStatusCode();
        // Created and read 14 days and a minute ago: tokens are checked on the real clock, so the item moves back rather than the clock on.
        await SqlAsync("UPDATE notifications SET created_at = @at, read_at = @at WHERE id = @id",
            ("at", (_time.GetUtcNow() - TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1)).ToUnixTimeMilliseconds()), ("id", read.Id));
        using var http = _hub.CreateHttp(null);
        await using var stream = await OpenStreamAsync(http, user);

        await JobAsync("auto-archive").RunAsync(CancellationToken.None);

        var changed = (await stream.NextBesidesHeartbeatsAsync(Wait))!.Value;
        Assert.Equal(StreamEvents.InboxChanged, changed.EventType);
        var change = JsonNode.Parse(changed.Data)!;
        Assert.Equal(1, change["unread_count"]!.GetValue<int>());
        var updated = Assert.Single(change["updated"]!.AsArray())!;
        Assert.Equal((read.Id, _time.GetUtcNow().ToUnixTimeMilliseconds()),
            (updated["id"]!.GetValue<string>(), updated["archived_at"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds()));
        Assert.Empty(change["read_ids"]!.AsArray());
    }

    private IBackgroundJob JobAsync(string name) => _hub.Services.GetServices<IBackgroundJob>().Single(job => job.Name == name);

    /// <summary>Opens a stream with a token from the test's clock, past its first event.</summary>
    private async Task<PlainStreamReader> OpenStreamAsync(HttpClient http, string user, string? lastEventId = null)
    {
        var token = new HubTokenFactory(new HubTokenSettings(TestTokens.Secret), _time).Create(user, TimeSpan.FromHours(1));
        var stream = await PlainStreamReader.OpenAsync(http, new Uri(http.BaseAddress!, Routes.Stream), token, lastEventId);
        Assert.Equal(StreamEvents.ConnectionEstablished, (await stream.NextAsync(Wait))!.Value.EventType);
        return stream;
    }

    private async Task<object?> SqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        _hub.Dispose();
        TestProcess.TryDeleteDirectory(_directory);
    }
}
