using System.Net;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>The plain stream and its ticket pass through the API's CORS policy like every other endpoint.</summary>
public sealed class PlainStreamCrossOriginTests
{
    private const string Listed = "https://app.vividly.example";

    [Fact]
    public async Task A_listed_origin_may_open_the_stream_and_ask_for_a_ticket_and_no_other_origin_is_answered_with_CORS()
    {
        using var hub = new HubFactory().With("CORS_ALLOWED_ORIGINS", Listed);
        using var http = hub.CreateHttp(null);
        var token = TestTokens.Student("cross-origin");

        foreach (var (origin, allowed) in new[] { (Listed, true), ("https://elsewhere.example", false) })
        {
            using var ticket = new HttpRequestMessage(HttpMethod.Post, Routes.StreamTicket);
            ticket.Headers.Authorization = new("Bearer", token);
            ticket.Headers.Add("Origin", origin);
            using var ticketAnswer = await http.SendAsync(ticket, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, ticketAnswer.StatusCode);
            Assert.Equal(allowed, ticketAnswer.Headers.Contains("Access-Control-Allow-Origin"));

            using var stream = new HttpRequestMessage(HttpMethod.Get, $"{Routes.Stream}?access_token={token}");
            stream.Headers.Add("Origin", origin);
            using var streamAnswer = await http.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, streamAnswer.StatusCode);
            Assert.Equal(allowed ? [origin] : null, streamAnswer.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values : null);
        }
    }
}
