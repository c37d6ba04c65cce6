using System.Net;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

public sealed class PlainStreamLimitTests
{
    [Fact]
    public async Task Plain_streams_count_in_MAX_CONNECTIONS_PER_USER_with_hub_connections()
    {
        using var hub = new HubFactory().With("MAX_CONNECTIONS_PER_USER", "2");
        var token = TestTokens.Student("mixed");
        await using var device = hub.CreateHubClient(token);
        var got = new Recording(device);
        await device.StartAsync(TestContext.Current.CancellationToken);
        await got.ConnectedAsync();
        using var http = hub.CreateHttp(null);
        var stream = await PlainStreamReader.OpenAsync(http, new Uri(http.BaseAddress!, Routes.Stream), token);
        await stream.NextAsync(TimeSpan.FromSeconds(10));

        using var student = hub.CreateHttp(token);
        using (var third = await student.GetAsync(Routes.Stream)) Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        using (var negotiate = await student.PostAsync($"{Routes.Negotiate}?negotiateVersion=1", null))
            Assert.Equal(HttpStatusCode.TooManyRequests, negotiate.StatusCode);

        await stream.DisposeAsync();
        await Eventually.AssertAsync(async () =>
        {
            using var again = await student.PostAsync($"{Routes.Negotiate}?negotiateVersion=1", null);
            return again.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10), "the stream's slot frees when it ends");
    }
}
