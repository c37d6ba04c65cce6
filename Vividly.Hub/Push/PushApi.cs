using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Vividly.Hub.Auth;
using Vividly.Hub.Inbox;
using Vividly.Hub.Notifications;
using Vividly.Hub.RateLimits;

namespace Vividly.Hub.Push;

/// <summary>The public key browsers subscribe with, and each user's own subscriptions.</summary>
public static class PushApi
{
    public const string Path = "/api/v1/push";

    /// <summary>A subscription is well under 1 KiB; this leaves room and refuses the rest before it is read.</summary>
    public const long MaxBodyBytes = 8 * 1024;

    public static WebApplication MapPushApi(this WebApplication app)
    {
        var push = app.MapGroup(Path).RequireRateLimiting(RateLimitsServiceCollectionExtensions.RestPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        push.MapGet("/vapid-public-key", GetPublicKey).WithName("GetVapidPublicKey").AllowAnonymous()
            .Produces<VapidPublicKeyAnswer>().ProducesProblem(StatusCodes.Status404NotFound);

        var subscriptions = push.MapGroup("/subscriptions").AddEndpointFilter<StoreUnavailableAnswer>().RequireAuthorization()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        // The bodies are read by hand (to name the field a bad one breaks in), so their shapes are declared here.
        subscriptions.MapPost("", SubscribeAsync).WithName("SubscribePush")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes)).Accepts<PushSubscriptionRequest>("application/json")
            .Produces(StatusCodes.Status201Created).Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        subscriptions.MapDelete("", UnsubscribeAsync).WithName("UnsubscribePush")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes)).Accepts<PushUnsubscribeRequest>("application/json")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static IResult GetPublicKey(IOptions<PushOptions> options, HttpContext http) =>
        options.Value.IsConfigured
            ? TypedResults.Ok(new VapidPublicKeyAnswer(http.RequestServices.GetRequiredService<VapidKeys>().PublicKey))
            : NotConfigured();

    /// <summary>Stores the browser's subscription for the caller: 201 when the endpoint is new, 204 when it replaced what was stored for it.</summary>
    private static async Task<IResult> SubscribeAsync(
        HttpRequest http, ClaimsPrincipal user, IOptions<PushOptions> options, IPushSubscriptionStore store, CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured) return NotConfigured();
        var body = await JsonBody.ReadAsync(http, MaxBodyBytes, "A push subscription", PublishRequestReader.FieldWhereJsonBreaks, cancellationToken);
        if (body.Refusal is { } refused) return refused;
        using var json = body.Document!;
        if (PushSubscriptionReader.ReadValid(json.RootElement, http.Headers.UserAgent, options.Value.AllowLoopbackHttp, out var errors) is not { } subscription)
            return TypedResults.ValidationProblem(errors);
        return await store.UpsertAsync(UserOf(user), subscription, cancellationToken)
            ? TypedResults.StatusCode(StatusCodes.Status201Created)
            : TypedResults.NoContent();
    }

    /// <summary>
    /// Forgets the caller's subscription with that endpoint (in the query, or the body as the
    /// browser's PushSubscription or <c>{ endpoint }</c>); 204 also when there was none, so a repeat is harmless.
    /// </summary>
    private static async Task<IResult> UnsubscribeAsync(
        HttpRequest http, ClaimsPrincipal user, IPushSubscriptionStore store, [FromQuery] string? endpoint, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(endpoint) && http.ContentLength is null or > 0 && http.HasJsonContentType())
        {
            var body = await JsonBody.ReadAsync(http, MaxBodyBytes, "An unsubscribe request", PublishRequestReader.FieldWhereJsonBreaks, cancellationToken);
            if (body.Refusal is { } refused) return refused;
            using var json = body.Document!;
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("endpoint", out var e) && e.ValueKind == JsonValueKind.String)
                endpoint = e.GetString();
        }
        if (string.IsNullOrEmpty(endpoint))
            return Problems.BadRequest("endpoint", "endpoint is required, in the query (?endpoint=) or the JSON body.");
        if (endpoint.Length > PushSubscriptionReader.MaxEndpointLength)
            return Problems.BadRequest("endpoint", $"endpoint is at most {PushSubscriptionReader.MaxEndpointLength} characters.");
        await store.DeleteAsync(UserOf(user), endpoint, cancellationToken);
        return TypedResults.NoContent();
    }

    private static IResult NotConfigured() => Problems.NotFound("Web Push is not configured on this service (no VAPID key pair).");

    private static string UserOf(ClaimsPrincipal user) =>
        user.UserId() ?? throw new InvalidOperationException("An authenticated user always has a subject.");
}
