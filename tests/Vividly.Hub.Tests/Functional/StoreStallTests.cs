using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>
/// While the store is frozen every call that needs it is answered 503 (or a retryable hub error)
/// within its bound, health says unhealthy at once, no open connection is dropped, and every
/// connection is asked to resume when the store returns.
/// </summary>
public sealed class StoreStallTests(StallingHub stalling) : IClassFixture<StallingHub>
{
    private const string Negotiate = $"{Routes.Negotiate}?negotiateVersion=1";

    /// <summary>The bound plus generous room for a loaded test machine; far below the old hang.</summary>
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(3);

    private HubFactory Hub => stalling.Hub;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_publish_the_store_cannot_take_is_answered_503_with_retry_after_and_a_retry_stores_it_once()
    {
        var user = Publishing.NewUser("student");
        var request = Publishing.Request(user, key: "stalled-1");
        using var http = Hub.CreateHttp(TestTokens.Publisher());
        await stalling.StallAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync(Routes.Publish, request, ContractJson.Options, Cancel);
            Assert.True(clock.Elapsed < Answered, $"answered after {clock.ElapsedMilliseconds} ms");
            var detail = await AssertUnavailableAsync(response, $"did not answer within {StallingHub.TimeoutMs} ms");
            Assert.Contains("idempotency key", detail, StringComparison.Ordinal);
        }
        finally
        {
            await stalling.ResumeAsync();
        }

        // The timed-out append may have been stored after all: the retry with the same key shows it once.
        await Hub.PublishAsync(request);
        var inbox = await Hub.InboxAsync(user);
        Assert.Single(inbox["items"]!.AsArray());
    }

    [Fact]
    public async Task A_batch_the_store_takes_none_of_is_answered_503_and_a_retry_stores_each_request_once()
    {
        var (ann, bob) = (Publishing.NewUser("student"), Publishing.NewUser("student"));
        var batch = new PublishBatchRequest([Publishing.Request(ann, key: "b-1"), Publishing.Request(bob, key: "b-1"), Publishing.Request(ann, key: "b-2")]);
        using var http = Hub.CreateHttp(TestTokens.Publisher());
        await stalling.StallAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync(Routes.PublishBatch, batch, ContractJson.Options, Cancel);
            Assert.True(clock.Elapsed < Answered, $"answered after {clock.ElapsedMilliseconds} ms");
            var detail = await AssertUnavailableAsync(response, $"did not answer within {StallingHub.TimeoutMs} ms");
            Assert.Contains("idempotency key", detail, StringComparison.Ordinal);
        }
        finally
        {
            await stalling.ResumeAsync();
        }

        // What timed out may have been stored after all: the same batch again shows each request once.
        using var retried = await http.PostAsJsonAsync(Routes.PublishBatch, batch, ContractJson.Options, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(2, (await Hub.InboxAsync(ann))["items"]!.AsArray().Count);
        Assert.Single((await Hub.InboxAsync(bob))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_batch_request_the_store_cannot_take_fails_alone_with_a_retryable_503()
    {
        var (ann, stuck, bob) = (Publishing.NewUser("student"), Publishing.NewUser("student"), Publishing.NewUser("student"));
        var batch = new PublishBatchRequest([Publishing.Request(ann), Publishing.Request(stuck, key: "s-1"), Publishing.Request(bob)]);
        using var http = Hub.CreateHttp(TestTokens.Publisher());
        stalling.StallAppendsFor(stuck);
        JsonArray results;
        try
        {
            using var response = await http.PostAsJsonAsync(Routes.PublishBatch, batch, ContractJson.Options, Cancel);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            results = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["results"]!.AsArray();
        }
        finally
        {
            await stalling.ResumeAsync();
        }

        Assert.Equal(1, results[0]!["seq"]!.GetValue<long>());
        Assert.Equal(1, results[2]!["seq"]!.GetValue<long>());
        var error = results[1]!["error"]!;
        Assert.Equal(503, error["status"]!.GetValue<int>());
        Assert.True(error["retryable"]!.GetValue<bool>());
        Assert.Equal(1, error["retry_after"]!.GetValue<int>());
        Assert.Contains("retry with the same idempotency key", error["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        await Hub.PublishAsync(batch.Requests[1]);
        Assert.Single((await Hub.InboxAsync(stuck))["items"]!.AsArray());
    }

    [Fact]
    public async Task Inbox_reads_are_answered_503_with_retry_after_while_the_store_hangs()
    {
        using var http = Hub.CreateHttp(TestTokens.Student(Publishing.NewUser("student")));
        await stalling.StallAsync();
        try
        {
            using var response = await http.GetAsync(Routes.Notifications, Cancel);
            await AssertUnavailableAsync(response, "inbox store");
        }
        finally
        {
            await stalling.ResumeAsync();
        }
    }

    [Fact]
    public async Task Inbox_actions_are_answered_503_over_rest_and_retryable_over_the_hub_while_the_store_hangs()
    {
        var user = Publishing.NewUser("student");
        using var http = Hub.CreateHttp(TestTokens.Student(user));
        await using var connection = await ConnectAsync(user);
        var id = NotificationId.New(DateTimeOffset.UtcNow);
        await stalling.StallAsync();
        try
        {
            using (var archive = await http.PostAsync($"{Routes.Notifications}/{id}/archive", null, Cancel)) await AssertUnavailableAsync(archive, "inbox store");
            using (var archiveRead = await http.PostAsync(Routes.ArchiveRead, null, Cancel)) await AssertUnavailableAsync(archiveRead, "inbox store");
            var failed = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<int>(HubMethods.Archive, new[] { id }, Cancel));
            Assert.True(HubErrors.IsUnavailable(failed.Message, out _), failed.Message);
            Assert.Equal(HubConnectionState.Connected, connection.State);
        }
        finally
        {
            await stalling.ResumeAsync();
        }
    }

    [Fact]
    public async Task Hub_methods_fail_with_a_retryable_error_and_the_connection_stays_open()
    {
        await using var connection = await ConnectAsync(Publishing.NewUser("student"));
        await stalling.StallAsync();
        try
        {
            var failed = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<ResumePage>(HubMethods.ResumeFrom, 0L, Cancel));
            Assert.True(HubErrors.IsUnavailable(failed.Message, out var retryAfter), failed.Message);
            Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
            Assert.Equal(HubConnectionState.Connected, connection.State);
        }
        finally
        {
            await stalling.ResumeAsync();
        }
    }

    [Fact]
    public async Task Health_says_unhealthy_within_a_second_while_the_store_hangs()
    {
        await stalling.StallAsync(untilNoticed: true);
        try
        {
            using var http = Hub.CreateHttp(null);
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(Routes.Health, Cancel);
            Assert.True(clock.Elapsed < StallingHub.HealthBound, $"health took {clock.ElapsedMilliseconds} ms");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var health = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;
            Assert.Equal("unhealthy", health["status"]!.GetValue<string>());
            Assert.False(health["database_connected"]!.GetValue<bool>());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await stalling.ReadyStatusAsync());
        }
        finally
        {
            await stalling.ResumeAsync();
        }
    }

    [Fact]
    public async Task Negotiate_is_refused_with_retry_after_while_the_store_is_away()
    {
        using var http = Hub.CreateHttp(TestTokens.Student(Publishing.NewUser("student")));
        await stalling.StallAsync(untilNoticed: true);
        try
        {
            using var response = await http.PostAsync(Negotiate, null, Cancel);
            await AssertUnavailableAsync(response, "inbox store");
        }
        finally
        {
            await stalling.ResumeAsync();
        }

        using var admitted = await http.PostAsync(Negotiate, null, Cancel);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    [Fact]
    public async Task Every_open_connection_survives_the_stall_and_is_asked_to_resume_when_the_store_returns()
    {
        var reasons = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var connection = await ConnectAsync(Publishing.NewUser("student"));
        connection.On<ResumeRequest>(HubMethods.ResumeRequested, request => reasons.Enqueue(request.Reason));

        await stalling.StallAsync(untilNoticed: true);
        await stalling.ResumeAsync();

        await Eventually.AssertAsync(() => reasons.Contains(StoreRecovery.Reason), TimeSpan.FromSeconds(10), "the connection is asked to resume");
        Assert.Equal(HubConnectionState.Connected, connection.State);
        var page = await connection.InvokeAsync<ResumePage>(HubMethods.ResumeFrom, 0L, Cancel);
        Assert.Empty(page.Notifications);
    }

    private async Task<HubConnection> ConnectAsync(string user)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Hub.Server.BaseAddress, HubMethods.HubPath), HttpTransportType.ServerSentEvents, http =>
            {
                http.AccessTokenProvider = () => Task.FromResult<string?>(TestTokens.Student(user));
                http.HttpMessageHandlerFactory = _ => Hub.Server.CreateHandler();
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions = ContractJson.Options)
            .Build();
        var established = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<ConnectionInfo>(HubMethods.ConnectionEstablished, _ => established.TrySetResult());
        await connection.StartAsync(Cancel);
        await established.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        return connection;
    }

    /// <summary>503, Retry-After and a problem-details body naming <paramref name="cause"/>; answers its detail.</summary>
    private static async Task<string> AssertUnavailableAsync(HttpResponseMessage response, string cause)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(503, problem["status"]!.GetValue<int>());
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains(cause, detail, StringComparison.Ordinal);
        return detail;
    }
}
