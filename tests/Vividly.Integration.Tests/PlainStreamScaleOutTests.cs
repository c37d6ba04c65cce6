using System.Diagnostics;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// Plain streams across two instances on Redis and PostgreSQL behind HAProxy with round robin
/// and no stickiness, read by a stock WHATWG EventSource (the npm <c>eventsource</c> package)
/// that reconnects by itself with <c>Last-Event-ID</c>. One instance is killed or stopped
/// halfway: every reader must end holding every seq exactly once, duplicates counted as sent.
/// </summary>
[Collection(HeavyLoad.Name)]
public sealed class PlainStreamScaleOutTests(ITestOutputHelper output)
{
    private const int Users = 30;
    private const int Rounds = 10;

    private async Task StopOneInstanceAsync(string label, Func<ServiceProcess, Task> stop)
    {
        await using var cluster = await ScaleOut.StartAsync(2, withProxy: true, sticky: false);
        var proxy = cluster.Proxy!.BaseUrl;
        var users = Enumerable.Range(0, Users).Select(i => $"{label}-stream-{i}").ToList();
        await using var readers = StockEventSources.Start(proxy, users);
        await Eventually.AssertAsync(() => readers.Clients.All(c => c.Connections.Count >= 1), TimeSpan.FromSeconds(30),
            $"every reader is connected:\n{readers.RecentOutput}");
        var onVictim = readers.Clients.Where(c => c.Connections[0].InstanceId == "hub-1").ToList();
        Assert.NotEmpty(onVictim);
        Assert.NotEqual(Users, onVictim.Count);
        using var publisher = new HttpPublisher();
        long stoppedAt = 0;

        for (var round = 1; round <= Rounds; round++)
        {
            if (round == Rounds / 2 + 1)
            {
                stoppedAt = Stopwatch.GetTimestamp();
                await stop(cluster.Hubs[0]);
            }
            await Task.WhenAll(users.Select(user =>
                publisher.PublishUntilAcceptedAsync(proxy, HttpPublisher.Request(user, $"r{round}", $"{user}:{round}"), TimeSpan.FromSeconds(30))));
        }

        await Eventually.AssertAsync(() => readers.Clients.All(c => c.Seqs.Count >= Rounds), TimeSpan.FromSeconds(20),
            $"every reader holds {Rounds} notifications:\n{string.Join('\n', readers.Clients.Where(c => c.Seqs.Count < Rounds))}");
        foreach (var reader in readers.Clients)
            Assert.True(reader.Seqs.SequenceEqual(Enumerable.Range(1, Rounds).Select(i => (long)i)), $"each seq once, in order: {string.Join(',', reader.Seqs)}\n{reader}");
        var moved = onVictim.Select(c => c.ConnectedAfter(stoppedAt)).ToList();
        Assert.All(moved, back => Assert.Equal("hub-2", back?.InstanceId));
        var slowest = moved.Max(back => Stopwatch.GetElapsedTime(stoppedAt, back!.At).TotalSeconds);
        output.WriteLine($"{label}: {onVictim.Count} of {Users} streams moved to hub-2, slowest back after {slowest:0.00} s; " +
            $"{readers.Clients.Sum(c => c.Seqs.Count)} notifications, 0 lost, 0 duplicated; {publisher.Retries} publishes retried; " +
            $"readers that gave up and were reopened: {readers.Clients.Count(c => c.Events.Any(e => e.Kind == StockClientEvent.Closed))}");
    }

    [Fact]
    public Task Killing_one_instance_loses_and_repeats_nothing_on_plain_streams() =>
        StopOneInstanceAsync("kill", hub => hub.KillAsync());

    [Fact]
    public Task Stopping_one_instance_with_SIGTERM_loses_and_repeats_nothing_on_plain_streams() =>
        StopOneInstanceAsync("term", async hub => Assert.True(await hub.TerminateAsync(TimeSpan.FromSeconds(10)), "the instance exits within 10 s"));
}
