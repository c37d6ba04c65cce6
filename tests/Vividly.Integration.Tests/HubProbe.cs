using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>What a hub instance says about its connections: the public health answer and the admin view.</summary>
public sealed class HubProbe : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public HubProbe() => _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Admin());

    /// <summary><c>active_connections</c> in <c>GET /api/v1/notifications/health</c>.</summary>
    public async Task<int> ActiveConnectionsAsync(Uri hub) =>
        (await _http.GetFromJsonAsync<JsonObject>(new Uri(hub, Routes.Health)))!["active_connections"]!.GetValue<int>();

    /// <summary>The admin view's <c>by_user</c>: how many connections each user holds on this instance.</summary>
    public async Task<IReadOnlyDictionary<string, int>> ConnectionsByUserAsync(Uri hub)
    {
        var report = (await _http.GetFromJsonAsync<JsonObject>(new Uri(hub, Routes.Connections)))!;
        return report["by_user"]!.AsObject().ToDictionary(user => user.Key, user => user.Value!.GetValue<int>());
    }

    public void Dispose() => _http.Dispose();
}
