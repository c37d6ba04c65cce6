using Microsoft.Extensions.Options;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Shared;
using Vividly.Hub.RateLimits;

namespace Vividly.Hub.Notifications;

public static class PublishApi
{
    /// <summary>Bodies above this are refused with 413 before they are read.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapPublishApi(this RouteGroupBuilder group)
    {
        group.MapPost("/publish", PublishAsync).AsPublishEndpoint<PublishRequest, PublishResult>("Publish", MaxBodyBytes);
        return group;
    }

    private static async Task<IResult> PublishAsync(
        HttpRequest http, NotificationPublisher publisher, PublishRateLimits limits, ServiceMetrics metrics, NotificationSwitch notifications,
        CancellationToken cancellationToken)
    {
        if (!notifications.IsOn) return Problems.Unavailable("Notifications are switched off; nothing was stored.");

        if (RateLimitRefusal.AnswerIfRefused(http.HttpContext.Response, limits.AcquireForPublisher(http.HttpContext.User.UserId()!)) is { } publisherRefused)
            return publisherRefused;

        var body = await JsonBody.ReadAsync(http, MaxBodyBytes, "A publish request", PublishRequestReader.FieldWhereJsonBreaks, cancellationToken);
        if (body.Refusal is { } refused)
        {
            metrics.PublishError();
            return refused;
        }

        using var json = body.Document!;
        if (PublishRequestReader.ReadValid(json.RootElement, out var errors) is not { } notification)
        {
            metrics.PublishError();
            return TypedResults.ValidationProblem(errors);
        }
        if (RateLimitRefusal.AnswerIfRefused(http.HttpContext.Response, limits.AcquireForUser(notification.UserId)) is { } userRefused) return userRefused;
        var result = await publisher.PublishAsync(notification, cancellationToken);
        return TypedResults.Accepted((string?)null, result);
    }
}
