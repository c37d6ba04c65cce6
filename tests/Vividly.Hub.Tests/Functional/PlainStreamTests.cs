using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>The plain SSE stream (<c>/api/v1/notifications/stream</c>) through the in-memory server.</summary>
public sealed class PlainStreamTests(HubFactory hub) : IClassFixture<HubFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static JsonObject Data(SseItem<string>? item) => JsonNode.Parse(item!.Value.Data)!.AsObject();

    private static Uri Stream(string? query = null) => new($"{Routes.Stream}{query}", UriKind.Relative);

    private async Task<PlainStreamReader> OpenAsync(string userId, string? lastEventId = null, string? query = null)
    {
        var http = hub.CreateHttp(null);
        return await PlainStreamReader.OpenAsync(http, new Uri(http.BaseAddress!, Stream(query)), TestTokens.Student(userId), lastEventId);
    }

    [Fact]
    public async Task The_stream_starts_with_connection_established_then_carries_notifications_by_seq_and_read_state()
    {
        var user = Publishing.NewUser("stream");
        await hub.PublishAsync(Publishing.Request(user, "before"));
        await using var stream = await OpenAsync(user);

        Assert.Equal("no-cache", stream.Response.Headers.CacheControl?.ToString());
        Assert.Equal("no", stream.Response.Headers.GetValues("X-Accel-Buffering").Single());
        var established = await stream.NextAsync(Wait);
        Assert.Equal(StreamEvents.ConnectionEstablished, established!.Value.EventType);
        // Without Last-Event-ID the stream starts at the newest seq, and says so as its id.
        Assert.Equal("1", established.Value.EventId);
        Assert.NotNull(established.Value.ReconnectionInterval);
        var info = Data(established);
        Assert.Equal(user, info["user_id"]!.GetValue<string>());
        Assert.Equal(1, info["last_seq"]!.GetValue<long>());
        Assert.Equal(1, info["unread_count"]!.GetValue<int>());
        foreach (var field in new[] { "connection_id", "instance_id", "message", "timestamp" }) Assert.True(info.ContainsKey(field), field);

        var published = await hub.PublishAsync(Publishing.Request(user, "live"));
        var live = await stream.NextBesidesHeartbeatsAsync(Wait);
        Assert.Equal(StreamEvents.Notification, live!.Value.EventType);
        Assert.Equal("2", live.Value.EventId);
        Assert.Equal(published.Id, Data(live)["id"]!.GetValue<string>());
        Assert.Equal("live", Data(live)["title"]!.GetValue<string>());

        using var student = hub.CreateHttp(TestTokens.Student(user));
        (await student.PostAsync(Routes.ReadAll, null)).EnsureSuccessStatusCode();
        var changed = await stream.NextBesidesHeartbeatsAsync(Wait);
        Assert.Equal(StreamEvents.InboxChanged, changed!.Value.EventType);
        Assert.True(Data(changed)["all_read"]!.GetValue<bool>());
        Assert.Equal(0, Data(changed)["unread_count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_reconnect_with_Last_Event_ID_replays_every_later_seq_in_order_then_goes_live(bool header)
    {
        var user = Publishing.NewUser("resume");
        for (var i = 1; i <= 5; i++) await hub.PublishAsync(Publishing.Request(user, $"n{i}"));
        await using var stream = header ? await OpenAsync(user, lastEventId: "2") : await OpenAsync(user, query: "?last_event_id=2");

        var established = await stream.NextAsync(Wait);
        Assert.Null(established!.Value.EventId);
        Assert.Equal(5, Data(established)["last_seq"]!.GetValue<long>());
        var replayed = new List<string?>();
        for (var i = 0; i < 3; i++) replayed.Add((await stream.NextBesidesHeartbeatsAsync(Wait))!.Value.EventId);
        Assert.Equal(["3", "4", "5"], replayed);

        await hub.PublishAsync(Publishing.Request(user, "n6"));
        Assert.Equal("6", (await stream.NextBesidesHeartbeatsAsync(Wait))!.Value.EventId);
    }

    [Fact]
    public async Task Seqs_cleared_since_the_clients_last_event_are_named_not_skipped_silently()
    {
        var user = Publishing.NewUser("removed");
        for (var i = 1; i <= 3; i++) await hub.PublishAsync(Publishing.Request(user, $"n{i}"));
        using var student = hub.CreateHttp(TestTokens.Student(user));
        (await student.DeleteAsync(Routes.Notifications)).EnsureSuccessStatusCode();
        await hub.PublishAsync(Publishing.Request(user, "n4"));
        await using var stream = await OpenAsync(user, lastEventId: "1");

        await stream.NextAsync(Wait);
        var removed = await stream.NextBesidesHeartbeatsAsync(Wait);
        Assert.Equal(StreamEvents.HistoryRemoved, removed!.Value.EventType);
        Assert.Equal("3", removed.Value.EventId);
        Assert.Equal(1, Data(removed)["after_seq"]!.GetValue<long>());
        Assert.Equal(3, Data(removed)["removed_through_seq"]!.GetValue<long>());
        Assert.Equal("4", (await stream.NextBesidesHeartbeatsAsync(Wait))!.Value.EventId);
    }

    [Fact]
    public async Task The_stream_refuses_with_problem_details_naming_what_is_wrong()
    {
        var user = Publishing.NewUser("refused");
        using var anonymous = hub.CreateHttp(null);
        using (var missing = await anonymous.GetAsync(Routes.Stream))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        }
        using var student = hub.CreateHttp(TestTokens.Student(user));
        using (var other = await student.GetAsync($"{Routes.Stream}/someone-else")) Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using (var bad = await student.GetAsync($"{Routes.Stream}?last_event_id=abc"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("last_event_id", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var ticket = await anonymous.GetAsync($"{Routes.Stream}?ticket=not-a-ticket")) Assert.Equal(HttpStatusCode.Unauthorized, ticket.StatusCode);
    }

    [Fact]
    public async Task The_users_own_path_and_the_access_token_query_open_the_stream()
    {
        var user = Publishing.NewUser("own-path");
        using var http = hub.CreateHttp(null);
        await using var stream = await PlainStreamReader.OpenAsync(http,
            new Uri(http.BaseAddress!, $"{Routes.Stream}/{user}?access_token={TestTokens.Student(user)}"), token: null);

        Assert.Equal(user, Data(await stream.NextAsync(Wait))["user_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_ticket_opens_one_stream_once_and_neither_it_nor_a_query_token_reaches_a_log()
    {
        var user = Publishing.NewUser("ticket");
        var token = TestTokens.Student(user);
        using var student = hub.CreateHttp(token);
        using var issued = await student.PostAsync(Routes.StreamTicket, null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var ticket = (await issued.Content.ReadFromJsonAsync<StreamTicket>(ContractJson.Options))!;
        Assert.InRange(ticket.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(31));

        using var anonymous = hub.CreateHttp(null);
        await using (var stream = await PlainStreamReader.OpenAsync(anonymous, new Uri(anonymous.BaseAddress!, $"{Routes.Stream}?ticket={ticket.Ticket}"), token: null))
            Assert.Equal(user, Data(await stream.NextAsync(Wait))["user_id"]!.GetValue<string>());
        using (var again = await anonymous.GetAsync($"{Routes.Stream}?ticket={ticket.Ticket}")) Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        await using (var stream = await PlainStreamReader.OpenAsync(anonymous, new Uri(anonymous.BaseAddress!, $"{Routes.Stream}?access_token={token}"), token: null))
            await stream.NextAsync(Wait);
        using (var anonymousTicket = await anonymous.PostAsync(Routes.StreamTicket, null)) Assert.Equal(HttpStatusCode.Unauthorized, anonymousTicket.StatusCode);

        // Logged at every level, Trace included.
        Assert.DoesNotContain(hub.Logs, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(ticket.Ticket, StringComparison.Ordinal));
    }

    [Fact]
    public async Task History_answers_the_newest_notifications_first_as_the_inbox_listing_does()
    {
        var user = Publishing.NewUser("history");
        for (var i = 1; i <= 25; i++) await hub.PublishAsync(Publishing.Request(user, $"n{i}"));
        using var student = hub.CreateHttp(TestTokens.Student(user));

        var history = (await student.GetFromJsonAsync<JsonObject>(Routes.History))!;
        var listing = (await student.GetFromJsonAsync<JsonObject>($"{Routes.Notifications}?limit=20"))!;
        Assert.Equal(listing.ToJsonString(), history.ToJsonString());
        Assert.Equal(Enumerable.Range(6, 20).Reverse().Select(i => (long)i), history["items"]!.AsArray().Select(n => n!["seq"]!.GetValue<long>()));
        var five = (await student.GetFromJsonAsync<JsonObject>($"{Routes.History}?limit=5"))!;
        Assert.Equal(5, five["items"]!.AsArray().Count);
        using var bad = await student.GetAsync($"{Routes.History}?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
