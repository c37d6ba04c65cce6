using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>Publishes over HTTP, as the Vividly backend does.</summary>
public sealed class HttpPublisher : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public HttpPublisher() =>
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Publisher());

    public static PublishRequest Request(string userId, string title, string? key = null) =>
        new(userId, NotificationTypes.SystemAnnouncement, title, "message", null, new JsonObject { ["n"] = title }, key);

    public async Task<PublishResult> PublishAsync(Uri hub, PublishRequest request)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(hub, "/api/v1/notifications/publish"), request, ContractJson.Options);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PublishResult>(ContractJson.Options))!;
    }

    public void Dispose() => _http.Dispose();
}
