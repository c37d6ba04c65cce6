using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

public sealed class InboxApiTests(HubFactory hub) : IClassFixture<HubFactory>
{
    [Fact]
    public async Task The_inbox_pages_newest_first_and_filters_unread()
    {
        var user = Publishing.NewUser("inbox");
        for (var i = 1; i <= 5; i++) await hub.PublishAsync(Publishing.Request(user, $"n{i}"));
        using var http = hub.CreateHttp(TestTokens.Student(user));

        var first = (await http.GetFromJsonAsync<JsonObject>($"{Routes.Notifications}?limit=2"))!;
        Assert.Equal(["n5", "n4"], first["items"]!.AsArray().Select(n => n!["title"]!.GetValue<string>()));
        var before = first["next_before_seq"]!.GetValue<long>();
        var second = (await http.GetFromJsonAsync<JsonObject>($"{Routes.Notifications}?limit=2&before_seq={before}"))!;
        Assert.Equal(["n3", "n2"], second["items"]!.AsArray().Select(n => n!["title"]!.GetValue<string>()));

        var id = first["items"]![0]!["id"]!.GetValue<string>();
        using (var read = await http.PostAsync($"{Routes.Notifications}/{id}/read", null)) Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var unread = (await http.GetFromJsonAsync<JsonObject>($"{Routes.Notifications}?unread_only=true"))!;
        Assert.Equal(4, unread["items"]!.AsArray().Count);
        Assert.Equal(4, unread["unread_count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("after_seq=-1", "after_seq")]
    [InlineData("limit=abc", "limit")]
    public async Task Bad_queries_get_400(string query, string field)
    {
        using var http = hub.CreateHttp(TestTokens.Student(Publishing.NewUser("inbox")));
        using var response = await http.GetAsync($"{Routes.Notifications}?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_reads_or_marks_another_users_notification()
    {
        var owner = Publishing.NewUser("inbox");
        var result = await hub.PublishAsync(Publishing.Request(owner));
        using var intruder = hub.CreateHttp(TestTokens.Student(Publishing.NewUser("inbox")));

        using var response = await intruder.PostAsync($"{Routes.Notifications}/{result.Id}/read", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await intruder.GetFromJsonAsync<JsonObject>(Routes.Notifications))!["items"]!.AsArray());
        Assert.Equal(1, (await hub.InboxAsync(owner))["unread_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Read_state_changes_reach_the_users_other_connections_with_the_true_count()
    {
        var user = Publishing.NewUser("inbox");
        await using var phone = hub.CreateHubClient(TestTokens.Student(user));
        await using var laptop = hub.CreateHubClient(TestTokens.Student(user));
        var phoneGot = new Recording(phone);
        var laptopGot = new Recording(laptop);
        await phone.StartAsync(TestContext.Current.CancellationToken);
        await laptop.StartAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 3; i++) await hub.PublishAsync(Publishing.Request(user, $"n{i}"));
        await phoneGot.CountAsync(3);

        var unread = await phone.MarkReadAsync([phoneGot.Notifications[0].Id], TestContext.Current.CancellationToken);
        Assert.Equal(2, unread);
        await Eventually.AssertAsync(() => laptopGot.Changes.Count >= 1, TimeSpan.FromSeconds(10), "the laptop hears InboxChanged");
        Assert.Equal([phoneGot.Notifications[0].Id], laptopGot.Changes[0].ReadIds);
        Assert.Equal(2, laptopGot.Changes[0].UnreadCount);

        using var http = hub.CreateHttp(TestTokens.Student(user));
        using (var all = await http.PostAsync(Routes.ReadAll, null)) Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        await Eventually.AssertAsync(() => laptopGot.Changes.Any(c => c.AllRead && c.UnreadCount == 0), TimeSpan.FromSeconds(10), "mark all read reaches the laptop");

        using (var clear = await http.DeleteAsync(Routes.Notifications)) Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        await Eventually.AssertAsync(() => phoneGot.Changes.Any(c => c.Cleared), TimeSpan.FromSeconds(10), "clearing reaches the phone");
        Assert.Empty((await hub.InboxAsync(user))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_resume_from_below_removed_seqs_is_told_so_explicitly()
    {
        var user = Publishing.NewUser("inbox");
        for (var i = 0; i < 3; i++) await hub.PublishAsync(Publishing.Request(user));
        using (var http = hub.CreateHttp(TestTokens.Student(user))) await http.DeleteAsync(Routes.Notifications);
        await hub.PublishAsync(Publishing.Request(user, "after the clear"));

        await using var client = hub.CreateHubClient(TestTokens.Student(user), resumeAfterSeq: 1);
        var removed = new List<RemovedHistory>();
        client.HistoryRemoved += removed.Add;
        var received = new Recording(client);
        await client.StartAsync(TestContext.Current.CancellationToken);
        await received.CountAsync(1);

        Assert.Equal("after the clear", Assert.Single(received.Notifications).Title);
        Assert.Equal(new RemovedHistory(1, 3), Assert.Single(removed));
        Assert.Equal(4, client.LastSeq);
    }
}
