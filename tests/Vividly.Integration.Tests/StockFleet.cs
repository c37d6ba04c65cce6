using System.Globalization;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// The fault tests' stock clients behind HAProxy: 12 JS and 12 .NET, among them users holding
/// their whole connection quota on the one instance the test will stop (<see cref="Victim"/>).
/// </summary>
public sealed class StockFleet : IAsyncDisposable
{
    /// <summary><c>MAX_CONNECTIONS_PER_USER</c>'s default, which the fault tests' hubs run with.</summary>
    public const int Quota = 3;
    private const int PerKind = 12;
    private readonly List<IStockClients> _groups;

    private StockFleet(List<IStockClients> groups, int victim)
    {
        _groups = groups;
        Victim = victim;
    }

    /// <summary>Index among the cluster's hubs of the instance to stop.</summary>
    public int Victim { get; }

    private string VictimId => $"hub-{(Victim + 1).ToString(CultureInfo.InvariantCulture)}";

    public IReadOnlyList<StockClientRecording> Clients => [.. _groups.SelectMany(g => g.Clients)];

    public static async Task<StockFleet> StartAsync(Uri proxy, string label)
    {
        var groups = new List<IStockClients>();
        try
        {
            // Started one after another, so the proxy's round robin puts JS clients 0, 3 and 6, one
            // user's whole quota, on the same instance: that instance is the one to stop.
            var jsUsers = Enumerable.Range(0, PerKind).Select(i => i % 3 == 0 && i < 3 * Quota ? $"{label}-js-full" : $"{label}-js-{i}").ToList();
            groups.Add(await StockClients.StartAsync(StockClientKind.Js, proxy, jsUsers));
            var victimId = groups[0].Clients[0].Connections[0].InstanceId!;
            var victim = int.Parse(victimId["hub-".Length..], CultureInfo.InvariantCulture) - 1;

            // Two .NET users' whole quotas held there by the sticky cookie a browser would already
            // have from earlier; the other .NET clients go wherever the proxy sends them.
            List<string> pinnedUsers = [.. Enumerable.Repeat($"{label}-net-full-a", Quota), .. Enumerable.Repeat($"{label}-net-full-b", Quota)];
            groups.Add(await StockDotnetClients.StartAsync(proxy, pinnedUsers, StockClientSettings.Default, start: true, HaproxyServer.StickyCookie(victim)));
            var freeUsers = Enumerable.Range(0, PerKind - pinnedUsers.Count).Select(i => $"{label}-net-{i}").ToList();
            groups.Add(await StockDotnetClients.StartAsync(proxy, freeUsers, StockClientSettings.Default, start: true));
            foreach (var group in groups) await StockClients.SettledAsync(group);
            return new StockFleet(groups, victim);
        }
        catch
        {
            foreach (var group in groups) await group.DisposeAsync();
            throw;
        }
    }

    /// <summary>The clients whose first connection is on the instance to stop.</summary>
    public IReadOnlyList<StockClientRecording> OnVictim() => [.. Clients.Where(c => c.Connections[0].InstanceId == VictimId)];

    /// <summary>Users holding all <see cref="Quota"/> of their connections on the instance to stop.</summary>
    public IReadOnlyList<string> FullQuotaOnVictim() =>
        [.. Clients.GroupBy(c => c.UserId).Where(user => user.Count() == Quota && user.All(c => c.Connections[0].InstanceId == VictimId)).Select(user => user.Key)];

    public async ValueTask DisposeAsync()
    {
        foreach (var group in _groups) await group.DisposeAsync();
    }
}
