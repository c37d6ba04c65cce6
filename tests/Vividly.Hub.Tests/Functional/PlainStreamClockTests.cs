using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>The plain stream's heartbeat and its close on token expiry, on a clock the test moves.</summary>
public sealed class PlainStreamClockTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly HubFactory _hub;

    public PlainStreamClockTests() =>
        _hub = new HubFactory().With("SSE_HEARTBEAT_INTERVAL", "30").With("JWT_CLOCK_SKEW_SECONDS", "0")
            .WithServices(services => services.AddSingleton<TimeProvider>(_time));

    /// <summary>Moves the clock by <paramref name="step"/> until the stream carries an event, which it answers.</summary>
    private async Task<SseItem<string>> AdvanceUntilEventAsync(PlainStreamReader stream, TimeSpan step)
    {
        var next = stream.NextAsync(Wait);
        for (var moved = TimeSpan.Zero; !next.IsCompleted; moved += step)
        {
            Assert.True(moved < TimeSpan.FromHours(1), "an event within an hour of the test's clock");
            _time.Advance(step);
            await Task.WhenAny(next, Task.Delay(20, TestContext.Current.CancellationToken));
        }
        return (await next)!.Value;
    }

    [Fact]
    public async Task A_heartbeat_comes_every_SSE_HEARTBEAT_INTERVAL_stamped_with_the_servers_time()
    {
        using var http = _hub.CreateHttp(null);
        await using var stream = await PlainStreamReader.OpenAsync(http, new Uri(http.BaseAddress!, Routes.Stream), TestTokens.Student("beating"));
        await stream.NextAsync(Wait);

        var started = _time.GetUtcNow();
        var first = await AdvanceUntilEventAsync(stream, TimeSpan.FromSeconds(1));
        Assert.Equal(StreamEvents.Heartbeat, first.EventType);
        var firstAt = JsonNode.Parse(first.Data)!["timestamp"]!.GetValue<DateTimeOffset>();
        Assert.InRange(firstAt - started, TimeSpan.Zero, TimeSpan.FromSeconds(30));

        var second = await AdvanceUntilEventAsync(stream, TimeSpan.FromSeconds(1));
        Assert.Equal(StreamEvents.Heartbeat, second.EventType);
        Assert.Equal(TimeSpan.FromSeconds(30), JsonNode.Parse(second.Data)!["timestamp"]!.GetValue<DateTimeOffset>() - firstAt);
    }

    [Fact]
    public async Task A_stream_whose_token_expires_is_told_to_reconnect_with_a_fresh_token_and_ends()
    {
        using var http = _hub.CreateHttp(null);
        var token = new Client.Auth.HubTokenFactory(new Client.Auth.HubTokenSettings(TestTokens.Secret), _time).Create("expiring", TimeSpan.FromMinutes(2));
        await using var stream = await PlainStreamReader.OpenAsync(http, new Uri(http.BaseAddress!, Routes.Stream), token);
        await stream.NextAsync(Wait);
        var opened = _time.GetUtcNow();

        SseItem<string> last;
        do last = await AdvanceUntilEventAsync(stream, TimeSpan.FromSeconds(1));
        while (last.EventType == StreamEvents.Heartbeat);

        Assert.Equal(StreamEvents.Reconnect, last.EventType);
        Assert.Equal("token_expired", JsonNode.Parse(last.Data)!["reason"]!.GetValue<string>());
        // Maintenance looks every 5 s.
        Assert.InRange(_time.GetUtcNow() - opened, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(7));
        Assert.Null(await stream.NextAsync(Wait));
    }

    public void Dispose() => _hub.Dispose();
}
