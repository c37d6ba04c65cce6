using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Vividly.Hub.Client.Auth;
using Vividly.Hub.Auth;

namespace Vividly.Hub.Development;

/// <summary>
/// Demo conveniences mapped only in Development: tokens for demo users, and a way for the web
/// app to request a video from a local worker without a Pub/Sub topic in between.
/// </summary>
public static class DevelopmentApi
{
    public const string Prefix = "/api/v1/dev";
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(8);

    public static WebApplication MapDevelopmentApi(this WebApplication app)
    {
        var dev = app.MapGroup(Prefix);
        dev.MapGet("/token", (string? user_id, string? roles, HubTokenFactory tokens, TimeProvider time) =>
        {
            if (string.IsNullOrWhiteSpace(user_id)) return Problems.BadRequest("user_id", "user_id is required.");
            var granted = (roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return TypedResults.Ok(new DevelopmentToken(tokens.Create(user_id, TokenLifetime, granted), user_id, time.GetUtcNow() + TokenLifetime));
        });
        dev.MapPost("/content-requests", RequestContentAsync).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> RequestContentAsync(ContentRequest request, System.Security.Claims.ClaimsPrincipal user, IHttpClientFactory clients, IOptions<DevelopmentOptions> options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Topic) || request.Topic.Length > 200)
            return Problems.BadRequest("topic", "topic is required, at most 200 characters.");

        var requestId = $"req_{Guid.NewGuid():N}"[..16];
        var data = JsonSerializer.SerializeToUtf8Bytes(new { request_id = requestId, student_id = user.UserId(), topic = request.Topic });
        var envelope = new { message = new { data = Convert.ToBase64String(data), message_id = requestId, attributes = new { } }, subscription = "local-dev" };
        var worker = new Uri(options.Value.WorkerUrl);
        var json = JsonSerializer.Serialize(envelope);

        // Pub/Sub would hold the delivery while the worker runs; here it runs in the background so the page gets its answer now.
        _ = Task.Run(async () =>
        {
            using var body = new StringContent(json, Encoding.UTF8, "application/json");
            using var client = clients.CreateClient();
            client.Timeout = TimeSpan.FromMinutes(10);
            using var response = await client.PostAsync(new Uri(worker, "/pubsub/push"), body, CancellationToken.None);
        }, CancellationToken.None);
        return TypedResults.Accepted((string?)null, new { request_id = requestId });
    }

    private sealed record ContentRequest(string? Topic);

    private sealed record DevelopmentToken(string AccessToken, string UserId, DateTimeOffset ExpiresAt);
}
