using Microsoft.AspNetCore.SignalR;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

public sealed class HubConnectionTests(HubFactory hub) : IClassFixture<HubFactory>
{
    [Fact]
    public async Task Every_connection_hears_ConnectionEstablished_first()
    {
        var user = Publishing.NewUser("student");
        await hub.PublishAsync(Publishing.Request(user));
        await using var client = hub.CreateHubClient(TestTokens.Student(user), resumeAfterSeq: null);
        var received = new Recording(client);
        await client.StartAsync(TestContext.Current.CancellationToken);
        await received.ConnectedAsync();

        var info = received.Connections[0];
        Assert.Equal(user, info.UserId);
        Assert.Equal(client.ConnectionId, info.ConnectionId);
        Assert.Equal(1, info.LastSeq);
        Assert.Equal(1, info.UnreadCount);
        Assert.False(string.IsNullOrEmpty(info.InstanceId));
        Assert.Empty(received.Notifications);
    }

    [Fact]
    public async Task A_user_receives_their_own_notifications_and_never_another_users()
    {
        var alice = Publishing.NewUser("student");
        var bob = Publishing.NewUser("student");
        await using var aliceClient = hub.CreateHubClient(TestTokens.Student(alice));
        await using var bobClient = hub.CreateHubClient(TestTokens.Student(bob));
        var aliceGot = new Recording(aliceClient);
        var bobGot = new Recording(bobClient);
        await aliceClient.StartAsync(TestContext.Current.CancellationToken);
        await bobClient.StartAsync(TestContext.Current.CancellationToken);

        await hub.PublishAsync(Publishing.Request(alice, "for alice"));
        await hub.PublishAsync(Publishing.Request(bob, "for bob"));
        await aliceGot.CountAsync(1);
        await bobGot.CountAsync(1);

        Assert.Equal("for alice", Assert.Single(aliceGot.Notifications).Title);
        Assert.Equal("for bob", Assert.Single(bobGot.Notifications).Title);
        Assert.All(bobGot.Notifications, n => Assert.Equal(bob, n.UserId));
    }

    [Fact]
    public async Task Every_connection_of_a_user_receives_each_notification_once()
    {
        var user = Publishing.NewUser("student");
        await using var phone = hub.CreateHubClient(TestTokens.Student(user));
        await using var laptop = hub.CreateHubClient(TestTokens.Student(user));
        var phoneGot = new Recording(phone);
        var laptopGot = new Recording(laptop);
        await phone.StartAsync(TestContext.Current.CancellationToken);
        await laptop.StartAsync(TestContext.Current.CancellationToken);
        await phoneGot.ConnectedAsync();
        await laptopGot.ConnectedAsync();

        for (var i = 0; i < 5; i++) await hub.PublishAsync(Publishing.Request(user, $"n{i}"));
        await phoneGot.CountAsync(5);
        await laptopGot.CountAsync(5);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], phoneGot.Notifications.Select(n => n.Seq));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], laptopGot.Notifications.Select(n => n.Seq));
    }

    [Fact]
    public async Task Resume_returns_exactly_what_was_missed_oldest_first()
    {
        var user = Publishing.NewUser("student");
        for (var i = 1; i <= 5; i++) await hub.PublishAsync(Publishing.Request(user, $"n{i}"));

        await using var client = hub.CreateHubClient(TestTokens.Student(user), resumeAfterSeq: 2);
        var received = new Recording(client);
        await client.StartAsync(TestContext.Current.CancellationToken);
        await received.CountAsync(3);

        Assert.Equal([3L, 4L, 5L], received.Notifications.Select(n => n.Seq));
        Assert.Equal(["n3", "n4", "n5"], received.Notifications.Select(n => n.Title));
        Assert.Equal(5, client.LastSeq);
    }

    [Fact]
    public async Task Resume_pages_through_a_backlog_longer_than_one_page()
    {
        var user = Publishing.NewUser("student");
        for (var i = 1; i <= 130; i++) await hub.PublishAsync(Publishing.Request(user, $"n{i}"));

        await using var client = hub.CreateHubClient(TestTokens.Student(user));
        var received = new Recording(client);
        await client.StartAsync(TestContext.Current.CancellationToken);
        await received.CountAsync(130, seconds: 20);

        Assert.Equal(Enumerable.Range(1, 130).Select(i => (long)i), received.Notifications.Select(n => n.Seq));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_is_delivered_once()
    {
        var user = Publishing.NewUser("student");
        await using var client = hub.CreateHubClient(TestTokens.Student(user));
        var received = new Recording(client);
        await client.StartAsync(TestContext.Current.CancellationToken);
        await received.ConnectedAsync();

        var first = await hub.PublishAsync(Publishing.Request(user, key: "req_1:completed"));
        var again = await hub.PublishAsync(Publishing.Request(user, key: "req_1:completed"));
        await hub.PublishAsync(Publishing.Request(user, "after"));
        await received.CountAsync(2);

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal((first.Id, first.Seq), (again.Id, again.Seq));
        Assert.Equal([1L, 2L], received.Notifications.Select(n => n.Seq));
    }

    [Fact]
    public async Task A_publisher_can_publish_over_the_hub_and_students_cannot()
    {
        var user = Publishing.NewUser("student");
        await using var publisher = hub.CreateHubClient(TestTokens.Publisher($"svc-{Guid.NewGuid():N}"));
        await using var student = hub.CreateHubClient(TestTokens.Student(user));
        await publisher.StartAsync(TestContext.Current.CancellationToken);
        await student.StartAsync(TestContext.Current.CancellationToken);

        var result = await publisher.PublishAsync(Publishing.Request(user), TestContext.Current.CancellationToken);
        Assert.Equal(1, result.Seq);

        await Assert.ThrowsAsync<HubException>(() => student.PublishAsync(Publishing.Request(user), TestContext.Current.CancellationToken).AsTask());
        var invalid = await Assert.ThrowsAsync<HubException>(() =>
            publisher.PublishAsync(Publishing.Request(user) with { Type = "nonsense" }, TestContext.Current.CancellationToken).AsTask());
        Assert.Contains("type", invalid.Message, StringComparison.Ordinal);
        Assert.Single((await hub.InboxAsync(user))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_never_logged()
    {
        var token = TestTokens.Student(Publishing.NewUser("student"));
        using var http = hub.CreateHttp(null);
        using var response = await http.PostAsync($"{Routes.Negotiate}?negotiateVersion=1&access_token={token}", null);
        Assert.True(response.IsSuccessStatusCode);
        Assert.DoesNotContain(hub.Logs, line => line.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(hub.Logs, line => line.Contains(token[..40], StringComparison.Ordinal));
    }
}
