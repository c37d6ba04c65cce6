using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Client.Inbox;

/// <summary><c>GET /api/v1/notifications</c>: one page of a view of the caller's inbox, over HTTP, needing no live connection.</summary>
internal sealed class InboxReader(HttpClient http, Func<CancellationToken, ValueTask<string>> accessToken) : IDisposable
{
    public static InboxReader Create(NotificationHubClientOptions options)
    {
        var handler = options.HttpMessageHandlerFactory is { } factory ? factory(new SocketsHttpHandler()) : new SocketsHttpHandler();
        return new InboxReader(new HttpClient(handler) { BaseAddress = options.HubUrl }, options.AccessTokenProvider!);
    }

    /// <exception cref="HttpRequestException">The hub answered anything but 200 (its status is on the exception).</exception>
    public async Task<InboxPage> ListAsync(string view, long? beforeSeq, int? limit, CancellationToken cancellationToken)
    {
        var query = $"?view={Uri.EscapeDataString(view)}";
        if (beforeSeq is { } before) query += string.Create(CultureInfo.InvariantCulture, $"&before_seq={before}");
        if (limit is { } size) query += string.Create(CultureInfo.InvariantCulture, $"&limit={size}");
        using var message = new HttpRequestMessage(HttpMethod.Get, Routes.Notifications + query);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await accessToken(cancellationToken));
        using var response = await http.SendAsync(message, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<InboxPage>(ContractJson.Options, cancellationToken)
            ?? throw new HttpRequestException("The hub answered an inbox page with no body.");
    }

    public void Dispose() => http.Dispose();
}
