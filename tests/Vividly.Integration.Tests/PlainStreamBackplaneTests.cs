using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>Plain streams and hub connections of one user on two instances sharing Redis and PostgreSQL.</summary>
public sealed class PlainStreamBackplaneTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_publish_through_either_instance_reaches_the_plain_stream_and_the_hub_connection_on_the_other_once_each()
    {
        await using var cluster = await ScaleOut.StartAsync(2);
        await using var device = await Device.ConnectAsync(cluster.Hubs[0].BaseUrl, "both");
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await using var stream = await PlainStreamReader.OpenAsync(http, new Uri(cluster.Hubs[1].BaseUrl, Routes.Stream), TestTokens.Student("both"));
        Assert.Equal("hub-2", JsonNode.Parse((await stream.NextAsync(Wait))!.Value.Data)!["instance_id"]!.GetValue<string>());
        using var publisher = new HttpPublisher();

        for (var i = 1; i <= 6; i++) await publisher.PublishAsync(cluster.Hubs[i % 2].BaseUrl, HttpPublisher.Request("both", $"n{i}"));

        var streamed = new List<string?>();
        while (streamed.Count < 6) streamed.Add((await stream.NextBesidesHeartbeatsAsync(Wait))!.Value.EventId);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], streamed);
        await device.Got.CountAsync(6);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), device.Got.Notifications.Select(n => n.Seq));
    }

    [Fact]
    public async Task A_ticket_from_one_instance_opens_the_stream_on_the_other_once()
    {
        await using var cluster = await ScaleOut.StartAsync(2);
        using var student = new HttpClient();
        student.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Student("ticket-holder"));
        using var issued = await student.PostAsync(new Uri(cluster.Hubs[0].BaseUrl, Routes.StreamTicket), null);
        issued.EnsureSuccessStatusCode();
        var ticket = (await issued.Content.ReadFromJsonAsync<StreamTicket>(ContractJson.Options))!.Ticket;

        using var anonymous = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await using (var stream = await PlainStreamReader.OpenAsync(anonymous, new Uri(cluster.Hubs[1].BaseUrl, $"{Routes.Stream}?ticket={ticket}"), token: null))
            Assert.Equal("ticket-holder", JsonNode.Parse((await stream.NextAsync(Wait))!.Value.Data)!["user_id"]!.GetValue<string>());
        using var again = await anonymous.GetAsync(new Uri(cluster.Hubs[0].BaseUrl, $"{Routes.Stream}?ticket={ticket}"));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }
}
