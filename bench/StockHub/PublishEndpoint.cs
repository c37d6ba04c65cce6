using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace StockHub;

/// <summary>
/// Numbers the notification per user (<c>INCR</c>), keeps it in the user's Redis list
/// (<c>LPUSH</c> + <c>LTRIM</c>), sends it to the user's connections through the backplane and
/// answers 202. Nothing reads the list back: there is no resume.
/// </summary>
public static class PublishEndpoint
{
    public const string Route = "/api/v1/notifications/publish";

    /// <summary>Notifications kept per user.</summary>
    private const int ListLength = 100;

    public static IEndpointRouteBuilder MapPublish(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, PublishAsync).RequireAuthorization(StockAuth.PublishPolicy);
        return app;
    }

    private static async Task<IResult> PublishAsync(
        PublishRequest request, IConnectionMultiplexer redis, IHubContext<StockNotificationHub> hub, IOptions<JsonOptions> json, TimeProvider time)
    {
        if (Missing(request) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        var user = request.UserId!;
        var database = redis.GetDatabase();
        var seq = await database.StringIncrementAsync($"seq:{user}");
        var notification = new Notification(
            Guid.CreateVersion7().ToString("N"), seq, user, request.Type!, request.Title!, request.Message!,
            request.Priority ?? "normal", request.Payload, time.GetUtcNow(), ReadAt: null);

        var list = $"notifications:{user}";
        var pushed = database.ListLeftPushAsync(list, JsonSerializer.SerializeToUtf8Bytes(notification, json.Value.SerializerOptions));
        var trimmed = database.ListTrimAsync(list, 0, ListLength - 1);
        await Task.WhenAll(pushed, trimmed);

        await hub.Clients.User(user).SendAsync(nameof(Notification), notification);
        return TypedResults.Accepted((string?)null, new PublishResult(notification.Id, seq));
    }

    private static Dictionary<string, string[]> Missing(PublishRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, value) in new[] { ("user_id", request.UserId), ("type", request.Type), ("title", request.Title), ("message", request.Message) })
        {
            if (string.IsNullOrWhiteSpace(value)) errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} is required.")];
        }
        return errors;
    }
}
