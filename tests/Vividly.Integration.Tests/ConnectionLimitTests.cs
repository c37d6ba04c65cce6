using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// <c>MAX_CONNECTIONS_PER_USER</c> across instances: counted over the whole cluster, freed when a
/// connection closes, and freed when the instance holding it crashes.
/// </summary>
[Collection(HeavyLoad.Name)]
public sealed class ConnectionLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_fourth_connection_is_refused_with_429_when_three_are_live_on_other_instances()
    {
        await using var cluster = await ScaleOut.StartAsync(3);
        var devices = new List<Device>();
        foreach (var hub in cluster.Hubs) devices.Add(await Device.ConnectAsync(hub.BaseUrl, "limited"));
        Assert.Equal(3, devices.Select(d => d.Got.Connections[0].InstanceId).Distinct().Count());

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Student("limited"));
        foreach (var hub in cluster.Hubs)
        {
            using var refused = await http.PostAsync(new Uri(hub.BaseUrl, $"{Routes.Negotiate}?negotiateVersion=1"), null);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        await devices[0].DisposeAsync();
        await Eventually.AssertAsync(async () =>
        {
            using var again = await http.PostAsync(new Uri(cluster.Hubs[0].BaseUrl, $"{Routes.Negotiate}?negotiateVersion=1"), null);
            return again.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10), "a slot frees when a connection closes");
        foreach (var device in devices.Skip(1)) await device.DisposeAsync();
    }

    [Fact]
    public async Task Connection_slots_held_by_a_crashed_instance_are_free_within_seconds()
    {
        await using var cluster = await ScaleOut.StartAsync(2);
        var devices = new List<Device>();
        for (var i = 0; i < 3; i++) devices.Add(await Device.ConnectAsync(cluster.Hubs[0].BaseUrl, "lapsing"));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Student("lapsing"));
        var negotiate = new Uri(cluster.Hubs[1].BaseUrl, $"{Routes.Negotiate}?negotiateVersion=1");
        using (var refused = await http.PostAsync(negotiate, null)) Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        // The crashed instance never gives its slots back: they are free once its liveness key lapses.
        await cluster.Hubs[0].KillAsync();
        var killedAt = Stopwatch.GetTimestamp();
        await Eventually.AssertAsync(async () =>
        {
            using var again = await http.PostAsync(negotiate, null);
            return again.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(5), "the dead instance's slots are freed and the user may connect elsewhere");
        output.WriteLine($"slots of the killed instance free after {Stopwatch.GetElapsedTime(killedAt).TotalSeconds:0.00} s");
        foreach (var device in devices) await device.DisposeAsync();
    }
}
