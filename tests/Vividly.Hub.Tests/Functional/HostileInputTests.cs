using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>
/// Every hostile input is either refused with 400 naming its field and nothing stored, or
/// stored and read back unchanged over REST and over the hub; it never fails the service or
/// the publisher's connection.
/// </summary>
public sealed class HostileInputTests(HubFactory hub) : IClassFixture<HubFactory>
{
    private const string PublishPath = Routes.Publish;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(HostileInputs.Names), MemberType = typeof(HostileInputs))]
    public async Task Over_REST_an_input_is_refused_naming_its_field_or_stored_and_read_back_whole(string name)
    {
        var (input, user, body) = HostileInputs.ForNewUser(name);
        using var http = hub.CreateHttp(TestTokens.Publisher());
        using var response = await http.PostAsync(PublishPath, new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        if (input.RefusedField is { } field)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;
            Assert.Contains(field, problem["errors"]!.AsObject().Select(error => error.Key));
            Assert.Empty((await hub.InboxAsync(user))["items"]!.AsArray());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await AssertReadsBackAsync(body);
        }
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Names), MemberType = typeof(HostileInputs))]
    public async Task Over_the_hub_an_input_is_refused_naming_its_field_or_stored_and_read_back_whole_and_the_connection_publishes_on(string name)
    {
        var (input, user, body) = HostileInputs.ForNewUser(name);
        await using var publisher = await ConnectAsync(TestTokens.Publisher($"svc-{Guid.NewGuid():N}"));

        if (input.RefusedField is { } field)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => publisher.InvokeAsync<PublishResult>(HubMethods.Publish, new RawJson(body), Cancel));
            Assert.Contains(field, refused.Message, StringComparison.Ordinal);
            Assert.Empty((await hub.InboxAsync(user))["items"]!.AsArray());
        }
        else
        {
            Assert.Equal(1, (await publisher.InvokeAsync<PublishResult>(HubMethods.Publish, new RawJson(body), Cancel)).Seq);
            await AssertReadsBackAsync(body);
        }

        Assert.Equal(HubConnectionState.Connected, publisher.State);
        var next = await publisher.InvokeAsync<PublishResult>(HubMethods.Publish, Publishing.Request(HostileInputs.NewUser()), Cancel);
        Assert.Equal(1, next.Seq);
    }

    public static TheoryData<string> HostileSeqs => ["-1", "\"abc\"", "1e400", "99999999999999999999999", "null", "{}", "9223372036854775807"];

    [Theory]
    [MemberData(nameof(HostileSeqs))]
    public async Task ResumeFrom_with_any_argument_answers_or_fails_the_call_and_the_connection_resumes_on(string afterSeq)
    {
        var user = HostileInputs.NewUser();
        await hub.PublishAsync(Publishing.Request(user));
        await using var student = await ConnectAsync(TestTokens.Student(user));

        try
        {
            var page = await student.InvokeAsync<ResumePage>(HubMethods.ResumeFrom, new RawJson(afterSeq), Cancel);
            Assert.Equal(1, page.LastSeq);
        }
        catch (HubException)
        {
            // An argument that is not a whole number fails this call only.
        }

        Assert.Equal(HubConnectionState.Connected, student.State);
        var again = await student.InvokeAsync<ResumePage>(HubMethods.ResumeFrom, 0L, Cancel);
        Assert.Equal([1L], again.Notifications.Select(n => n.Seq));
    }

    [Theory]
    [InlineData("after_seq=%00")]
    [InlineData("before_seq=1e400")]
    [InlineData("limit=%F0%9F%98%80")]
    [InlineData("unread_only=%ED%A0%80")]
    [InlineData("after_seq=-1")]
    public async Task Hostile_inbox_queries_are_400_naming_the_field(string query)
    {
        using var http = hub.CreateHttp(TestTokens.Student(HostileInputs.NewUser()));
        using var response = await http.GetAsync($"{Routes.Notifications}?{query}", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;
        Assert.Contains(query[..query.IndexOf('=', StringComparison.Ordinal)], problem["errors"]!.AsObject().Select(error => error.Key));
    }

    [Theory]
    [InlineData("%01")]
    [InlineData("01JD0Z3T8V2R6Y1M4K7Q9W5XH%1B")]
    [InlineData("01jd0z3t8v2r6y1m4k7q9w5xhc")]
    [InlineData("%ED%A0%80")]
    public async Task Marking_a_hostile_id_read_is_404(string id)
    {
        using var http = hub.CreateHttp(TestTokens.Student(HostileInputs.NewUser()));
        using var response = await http.PostAsync($"{Routes.Notifications}/{id}/read", null, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The one notification of the body's user reads back as sent, and the same over REST and over the hub.</summary>
    private async Task AssertReadsBackAsync(string body)
    {
        var sent = JsonNode.Parse(body)!.AsObject();
        var user = sent["user_id"]!.GetValue<string>();
        var overRest = Assert.Single((await hub.InboxAsync(user))["items"]!.AsArray())!.AsObject();
        Assert.Equal(user, overRest["user_id"]!.GetValue<string>());
        Assert.Equal(sent["title"]!.GetValue<string>(), overRest["title"]!.GetValue<string>());
        Assert.Equal(sent["message"]!.GetValue<string>(), overRest["message"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(sent["payload"], overRest["payload"]), $"payload read back as {overRest["payload"]?.ToJsonString()}");

        await using var student = await ConnectAsync(TestTokens.Student(user));
        var overHub = Assert.Single((await student.InvokeAsync<ResumePage>(HubMethods.ResumeFrom, 0L, Cancel)).Notifications);
        Assert.Equal(
            (overRest["id"]!.GetValue<string>(), overRest["title"]!.GetValue<string>(), overRest["message"]!.GetValue<string>(), overRest["payload"]?.ToJsonString()),
            (overHub.Id, overHub.Title, overHub.Message, overHub.Payload?.ToJsonString()));
    }

    /// <summary>A plain SignalR connection, so arguments go out as raw JSON rather than through the typed client.</summary>
    private async Task<HubConnection> ConnectAsync(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(hub.Server.BaseAddress, HubMethods.HubPath), HttpTransportType.ServerSentEvents, http =>
            {
                http.AccessTokenProvider = () => Task.FromResult<string?>(token);
                http.HttpMessageHandlerFactory = _ => hub.Server.CreateHandler();
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions = ContractJson.Options)
            .Build();
        await connection.StartAsync(Cancel);
        return connection;
    }
}
