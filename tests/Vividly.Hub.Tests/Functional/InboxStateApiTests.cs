using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>Unread, archive, snooze, seen and request read over REST and the hub, and how the user's other devices hear of them.</summary>
public sealed class InboxStateApiTests(ClockedHub clocked) : IClassFixture<ClockedHub>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HubFactory Hub => clocked.Hub;

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<string> PublishAsync(string user, string? requestId = null, string title = "Ready") =>
        (await Hub.PublishAsync(new PublishRequest(user, NotificationTypes.GenerationCompleted, title, "Message", null,
            new JsonObject { ["content_request_id"] = requestId ?? "req_none", ["content_id"] = "vid_1" }, null))).Id;

    private static async Task<int> UnreadOfAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["unread_count"]!.GetValue<int>();
    }

    private static async Task<IReadOnlyList<JsonObject>> ViewAsync(HttpClient http, string view) =>
        [.. (await http.GetFromJsonAsync<JsonObject>($"{Routes.Notifications}?view={view}", Cancel))!["items"]!.AsArray().Select(n => n!.AsObject())];

    private static async Task<IReadOnlyList<string>> IdsAsync(HttpClient http, string view) =>
        [.. (await ViewAsync(http, view)).Select(n => n["id"]!.GetValue<string>())];

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["errors"]!.AsObject();
            Assert.True(errors.ContainsKey(field), $"the problem names {field}: {errors.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Each_action_answers_the_inbox_views_unread_count_and_moves_the_notification_between_views()
    {
        var user = Publishing.NewUser("state");
        var first = await PublishAsync(user);
        var second = await PublishAsync(user);
        var third = await PublishAsync(user);
        using var http = Hub.CreateHttp(TestTokens.Student(user));

        Assert.Equal(2, await UnreadOfAsync(await http.PostAsync($"{Routes.Notifications}/{first}/read", null, Cancel)));
        Assert.Equal(3, await UnreadOfAsync(await http.PostAsync($"{Routes.Notifications}/{first}/unread", null, Cancel)));
        Assert.Equal(2, await UnreadOfAsync(await http.PostAsync($"{Routes.Notifications}/{first}/archive", null, Cancel)));
        Assert.Equal([first], await IdsAsync(http, InboxViews.Archived));
        Assert.Equal([third, second], await IdsAsync(http, InboxViews.Inbox));
        Assert.Equal(3, await UnreadOfAsync(await http.DeleteAsync($"{Routes.Notifications}/{first}/archive", Cancel)));

        var until = clocked.Time.GetUtcNow().AddHours(2);
        var snoozed = await http.PostAsync($"{Routes.Notifications}/{second}/snooze", Json($$"""{"until":"{{Rfc3339(until)}}"}"""), Cancel);
        Assert.Equal(2, await UnreadOfAsync(snoozed));
        var listed = Assert.Single(await ViewAsync(http, InboxViews.Snoozed));
        Assert.Equal(second, listed["id"]!.GetValue<string>());
        Assert.Equal(Rfc3339(until), listed["snoozed_until"]!.GetValue<string>());
        Assert.Equal([third, first], await IdsAsync(http, InboxViews.Unread));
        Assert.Equal(3, await UnreadOfAsync(await http.DeleteAsync($"{Routes.Notifications}/{second}/snooze", Cancel)));
        Assert.Empty(await IdsAsync(http, InboxViews.Snoozed));

        var seen = await http.PostAsync(Routes.Seen, Json($$"""{"ids":["{{third}}","{{NewId()}}"]}"""), Cancel);
        Assert.Equal(3, await UnreadOfAsync(seen));
        var inbox = await ViewAsync(http, InboxViews.Inbox);
        Assert.Equal(Rfc3339(clocked.Time.GetUtcNow()), inbox.Single(n => n["id"]!.GetValue<string>() == third)["seen_at"]!.GetValue<string>());
        Assert.All(inbox, n => Assert.True(n.ContainsKey("archived_at") && n.ContainsKey("snoozed_until") && n.ContainsKey("read_at")));

        await http.PostAsync($"{Routes.Notifications}/{third}/read", null, Cancel);
        Assert.Equal(2, await UnreadOfAsync(await http.PostAsync(Routes.ArchiveRead, null, Cancel)));
        Assert.Equal([third], await IdsAsync(http, InboxViews.Archived));
        // The first contract's name for the unread view still works.
        var unreadOnly = await http.GetFromJsonAsync<JsonObject>($"{Routes.Notifications}?unread_only=true", Cancel);
        Assert.Equal(2, unreadOnly!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Reading_a_request_marks_its_notifications_read_and_archives_them_when_asked()
    {
        var user = Publishing.NewUser("request");
        var started = await PublishAsync(user, "req_a");
        var completed = await PublishAsync(user, "req_a");
        var other = await PublishAsync(user, "req_b");
        using var http = Hub.CreateHttp(TestTokens.Student(user));

        Assert.Equal(1, await UnreadOfAsync(await http.PostAsync($"{Routes.Requests}/req_a/read", null, Cancel)));
        Assert.Equal([other], await IdsAsync(http, InboxViews.Unread));
        Assert.Equal(1, await UnreadOfAsync(await http.PostAsync($"{Routes.Requests}/req_a/read", Json("""{"archive":true}"""), Cancel)));
        Assert.Equal(new[] { started, completed }.Order(), (await IdsAsync(http, InboxViews.Archived)).Order());
        Assert.Equal([other], await IdsAsync(http, InboxViews.Inbox));

        using var none = await http.PostAsync($"{Routes.Requests}/req_nobody_has/read", null, Cancel);
        await AssertProblemAsync(none, HttpStatusCode.NotFound);
        using var intruder = Hub.CreateHttp(TestTokens.Student(Publishing.NewUser("intruder")));
        using var theirs = await intruder.PostAsync($"{Routes.Requests}/req_b/read", Json("""{"archive":true}"""), Cancel);
        await AssertProblemAsync(theirs, HttpStatusCode.NotFound);
        Assert.Equal([other], await IdsAsync(http, InboxViews.Unread));
    }

    public static TheoryData<string, string, string?> OneIdActions => new()
    {
        { "POST", "unread", null },
        { "POST", "archive", null },
        { "DELETE", "archive", null },
        { "DELETE", "snooze", null },
        { "POST", "snooze", "in an hour" },
        { "POST", "read", null },
    };

    [Theory]
    [MemberData(nameof(OneIdActions))]
    public async Task An_id_not_in_the_callers_inbox_is_404_and_another_users_is_left_alone(string method, string action, string? body)
    {
        var owner = Publishing.NewUser("owner");
        var id = await PublishAsync(owner);
        using var intruder = Hub.CreateHttp(TestTokens.Student(Publishing.NewUser("intruder")));

        foreach (var target in new[] { id, NewId(), "not-an-id" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"{Routes.Notifications}/{target}/{action}");
            if (body is not null) request.Content = Json($$"""{"until":"{{Rfc3339(clocked.Time.GetUtcNow().AddHours(1))}}"}""");
            using var response = await intruder.SendAsync(request, Cancel);
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }
        var stored = Assert.Single((await Hub.InboxAsync(owner))["items"]!.AsArray())!;
        Assert.True(stored["read_at"] is null && stored["archived_at"] is null && stored["snoozed_until"] is null, stored.ToJsonString());
    }

    [Fact]
    public async Task Seen_ignores_ids_that_are_not_the_callers()
    {
        var owner = Publishing.NewUser("owner");
        var id = await PublishAsync(owner);
        using var intruder = Hub.CreateHttp(TestTokens.Student(Publishing.NewUser("intruder")));
        Assert.Equal(0, await UnreadOfAsync(await intruder.PostAsync(Routes.Seen, Json($$"""{"ids":["{{id}}","not-an-id"]}"""), Cancel)));
        Assert.Null(Assert.Single((await Hub.InboxAsync(owner))["items"]!.AsArray())!["seen_at"]);
    }

    [Theory]
    [InlineData(60_000, true)]
    [InlineData(59_999, false)]
    [InlineData(30L * 24 * 3600 * 1000, true)]
    [InlineData(30L * 24 * 3600 * 1000 + 1, false)]
    [InlineData(-3_600_000, false)]
    public async Task A_snooze_ends_one_minute_to_thirty_days_ahead(long aheadMs, bool accepted)
    {
        var user = Publishing.NewUser("snooze");
        var id = await PublishAsync(user);
        using var http = Hub.CreateHttp(TestTokens.Student(user));
        var until = clocked.Time.GetUtcNow().AddMilliseconds(aheadMs);

        using var response = await http.PostAsync($"{Routes.Notifications}/{id}/snooze", Json($$"""{"until":"{{Rfc3339(until)}}"}"""), Cancel);
        if (accepted) Assert.Equal(0, await UnreadOfAsync(response));
        else await AssertProblemAsync(response, HttpStatusCode.BadRequest, "until");
    }

    [Theory]
    [InlineData("snooze", """{"until":"tomorrow"}""", "until")]
    [InlineData("snooze", """{"until":"2026-11-24 09:00:00"}""", "until")]
    [InlineData("snooze", """{"until":1764000000}""", "until")]
    [InlineData("snooze", """{}""", "until")]
    [InlineData("snooze", """{"until":""", "until")]
    [InlineData("snooze", null, "body")]
    [InlineData("seen", """{"ids":[]}""", "ids")]
    [InlineData("seen", """{"ids":"01JD0000000000000000000000"}""", "ids")]
    [InlineData("seen", """{"ids":[1,2]}""", "ids")]
    [InlineData("seen", """[]""", "ids")]
    [InlineData("request", """{"archive":"yes"}""", "archive")]
    [InlineData("request", """[true]""", "archive")]
    [InlineData("request-long", null, "content_request_id")]
    public async Task Bad_bodies_get_400_naming_the_field(string action, string? body, string field)
    {
        var user = Publishing.NewUser("bad");
        var id = await PublishAsync(user, "req_bad");
        using var http = Hub.CreateHttp(TestTokens.Student(user));
        var path = action switch
        {
            "snooze" => $"{Routes.Notifications}/{id}/snooze",
            "seen" => Routes.Seen,
            "request" => $"{Routes.Requests}/req_bad/read",
            _ => $"{Routes.Requests}/{new string('r', 257)}/read",
        };
        using var response = await http.PostAsync(path, body is null ? null : Json(body), Cancel);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(1, (await Hub.InboxAsync(user))["unread_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Too_many_seen_ids_and_an_unknown_view_get_400()
    {
        using var http = Hub.CreateHttp(TestTokens.Student(Publishing.NewUser("bad")));
        var ids = string.Join(",", Enumerable.Range(0, 101).Select(_ => $"\"{NewId()}\""));
        using var seen = await http.PostAsync(Routes.Seen, Json($$"""{"ids":[{{ids}}]}"""), Cancel);
        await AssertProblemAsync(seen, HttpStatusCode.BadRequest, "ids");
        using var view = await http.GetAsync($"{Routes.Notifications}?view=trash", Cancel);
        await AssertProblemAsync(view, HttpStatusCode.BadRequest, "view");
    }

    [Fact]
    public async Task The_users_other_connections_hear_what_changed_with_the_new_state()
    {
        var user = Publishing.NewUser("devices");
        await using var phone = Hub.CreateHubClient(TestTokens.Student(user));
        await using var laptop = Hub.CreateHubClient(TestTokens.Student(user));
        var laptopGot = new Recording(laptop);
        await phone.StartAsync(Cancel);
        await laptop.StartAsync(Cancel);
        var first = await PublishAsync(user, "req_x");
        var second = await PublishAsync(user, "req_x");

        Assert.Equal(1, await phone.ArchiveAsync([first, "not-an-id"], Cancel));
        await Eventually.AssertAsync(() => laptopGot.Changes.Count >= 1, Wait, "the laptop hears the archive");
        var archived = laptopGot.Changes[0];
        Assert.Empty(archived.ReadIds);
        Assert.Equal(1, archived.UnreadCount);
        var state = Assert.Single(archived.Updated);
        Assert.Equal((first, clocked.Time.GetUtcNow()), (state.Id, state.ArchivedAt));

        var until = clocked.Time.GetUtcNow().AddDays(1);
        Assert.Equal(0, await phone.SnoozeAsync(second, until, Cancel));
        await Eventually.AssertAsync(() => laptopGot.Changes.Count >= 2, Wait, "the laptop hears the snooze");
        Assert.Equal(until, Assert.Single(laptopGot.Changes[1].Updated).SnoozedUntil);

        Assert.Equal(0, await phone.MarkRequestReadAsync("req_x", archive: false, Cancel));
        await Eventually.AssertAsync(() => laptopGot.Changes.Count >= 3, Wait, "the laptop hears the request read");
        var read = laptopGot.Changes[2];
        Assert.Equal(new[] { first, second }.Order(), read.ReadIds.Order());
        Assert.Equal(read.ReadIds.Order(), read.Updated.Select(s => s.Id).Order());

        // Both are read now: back in the inbox view they count nothing until one is unread again.
        Assert.Equal(0, await phone.UnsnoozeAsync(second, Cancel));
        Assert.Equal(0, await phone.MarkSeenAsync([second], Cancel));
        Assert.Equal(0, await phone.UnarchiveAsync([first], Cancel));
        Assert.Equal(1, await phone.MarkUnreadAsync(second, Cancel));
        Assert.Equal(1, await phone.ArchiveReadAsync(Cancel));
        await Eventually.AssertAsync(() => laptopGot.Changes.Count >= 8, Wait, "the laptop hears every change");
        Assert.Equal(1, laptopGot.Changes[^1].UnreadCount);

        var page = await laptop.ListAsync(InboxViews.Archived, cancellationToken: Cancel);
        Assert.Equal([first], page.Items.Select(n => n.Id));
        Assert.Equal(1, page.UnreadCount);
    }

    [Fact]
    public async Task A_bad_argument_fails_that_invocation_by_name_and_the_connection_stays_open()
    {
        var user = Publishing.NewUser("hub-bad");
        var id = await PublishAsync(user);
        await using var client = Hub.CreateHubClient(TestTokens.Student(user));
        await client.StartAsync(Cancel);

        var tooSoon = await Assert.ThrowsAsync<HubException>(() => client.SnoozeAsync(id, clocked.Time.GetUtcNow().AddSeconds(30), Cancel));
        Assert.Contains("until", tooSoon.Message, StringComparison.Ordinal);
        var badId = await Assert.ThrowsAsync<HubException>(() => client.MarkUnreadAsync("not-an-id", Cancel));
        Assert.Contains("id", badId.Message, StringComparison.Ordinal);
        var noIds = await Assert.ThrowsAsync<HubException>(() => client.MarkSeenAsync([], Cancel));
        Assert.Contains("ids", noIds.Message, StringComparison.Ordinal);
        var badRequest = await Assert.ThrowsAsync<HubException>(() => client.MarkRequestReadAsync("", cancellationToken: Cancel));
        Assert.Contains("content_request_id", badRequest.Message, StringComparison.Ordinal);

        Assert.Equal(0, await client.ArchiveAsync([id], Cancel));
        Assert.Equal(HubConnectionState.Connected, client.State);
    }

    [Fact]
    public async Task The_plain_stream_carries_updated_in_inbox_changed()
    {
        var user = Publishing.NewUser("stream");
        var id = await PublishAsync(user);
        using var http = Hub.CreateHttp(null);
        await using var stream = await PlainStreamReader.OpenAsync(http, new Uri(http.BaseAddress!, Routes.Stream), TestTokens.Student(user));
        Assert.Equal(StreamEvents.ConnectionEstablished, (await stream.NextAsync(Wait))!.Value.EventType);

        using var student = Hub.CreateHttp(TestTokens.Student(user));
        (await student.PostAsync($"{Routes.Notifications}/{id}/archive", null, Cancel)).EnsureSuccessStatusCode();
        var changed = await stream.NextBesidesHeartbeatsAsync(Wait);
        Assert.Equal(StreamEvents.InboxChanged, changed!.Value.EventType);
        var data = JsonNode.Parse(changed.Value.Data)!;
        Assert.Equal(0, data["unread_count"]!.GetValue<int>());
        var updated = Assert.Single(data["updated"]!.AsArray())!;
        Assert.Equal(id, updated["id"]!.GetValue<string>());
        Assert.Equal(Rfc3339(clocked.Time.GetUtcNow()), updated["archived_at"]!.GetValue<string>());
        foreach (var field in new[] { "read_at", "snoozed_until", "seen_at" }) Assert.True(updated.AsObject().ContainsKey(field), field);
    }

    /// <summary>A stock .NET SignalR client, not the typed one: the methods and InboxChanged as any client sees them on the wire.</summary>
    [Fact]
    public async Task A_stock_client_snoozes_and_another_hears_updated_in_snake_case()
    {
        var user = Publishing.NewUser("stock");
        var id = await PublishAsync(user);
        await using var acting = await StockConnectAsync(TestTokens.Student(user));
        await using var listening = await StockConnectAsync(TestTokens.Student(user));
        var heard = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        listening.On<JsonElement>(HubMethods.InboxChanged, change => heard.TrySetResult(change));

        var until = Rfc3339(clocked.Time.GetUtcNow().AddHours(8));
        Assert.Equal(0, await acting.InvokeAsync<int>(HubMethods.Snooze, id, until, Cancel));

        var change = await heard.Task.WaitAsync(Wait, Cancel);
        var updated = change.GetProperty("updated")[0];
        Assert.Equal(id, updated.GetProperty("id").GetString());
        Assert.Equal(until, updated.GetProperty("snoozed_until").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("archived_at").ValueKind);
        Assert.Equal(0, change.GetProperty("unread_count").GetInt32());
    }

    private async Task<HubConnection> StockConnectAsync(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Hub.Server.BaseAddress, HubMethods.HubPath), HttpTransportType.ServerSentEvents, http =>
            {
                http.AccessTokenProvider = () => Task.FromResult<string?>(token);
                http.HttpMessageHandlerFactory = _ => Hub.Server.CreateHandler();
            })
            .Build();
        await connection.StartAsync(Cancel);
        return connection;
    }

    /// <summary>An id in the hub's form that no inbox holds.</summary>
    private static string NewId() => Vividly.Hub.Inbox.NotificationId.New(DateTimeOffset.UtcNow);
}
