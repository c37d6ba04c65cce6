using System.Text.Json;
using Microsoft.Extensions.Options;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Health;
using Vividly.Hub.RateLimits;

namespace Vividly.Hub.Notifications;

public static class PublishApi
{
    /// <summary>Bodies above this are refused with 413 before they are read.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapPublishApi(this RouteGroupBuilder group)
    {
        group.MapPost("/publish", PublishAsync)
            .RequireAuthorization(AuthServiceCollectionExtensions.PublishPolicy)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes));
        return group;
    }

    private static async Task<IResult> PublishAsync(
        HttpRequest http, NotificationPublisher publisher, PublishRateLimits limits, ServiceMetrics metrics, IOptionsMonitor<RealtimeHubOptions> options,
        CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.EnableNotifications) return Problems.Unavailable("Notifications are switched off; nothing was stored.");

        if (RateLimitRefusal.AnswerIfRefused(http.HttpContext.Response, limits.AcquireForPublisher(http.HttpContext.User.UserId()!)) is { } publisherRefused)
            return publisherRefused;

        if (http.ContentLength > MaxBodyBytes)
        {
            metrics.PublishError();
            return Problems.TooLarge($"A publish request is at most {MaxBodyBytes} bytes.");
        }

        PublishRequest? request;
        try
        {
            request = await http.ReadFromJsonAsync<PublishRequest>(ContractJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            metrics.PublishError();
            return Problems.BadRequest(ex.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body", "The body is not a valid publish request.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            metrics.PublishError();
            return Problems.TooLarge($"A publish request is at most {MaxBodyBytes} bytes.");
        }
        catch (InvalidOperationException)
        {
            metrics.PublishError();
            return Problems.BadRequest("body", "The body must be JSON (Content-Type: application/json).");
        }

        var errors = PublishValidator.Validate(request, out var notification);
        if (notification is null)
        {
            metrics.PublishError();
            return TypedResults.ValidationProblem(errors);
        }
        if (RateLimitRefusal.AnswerIfRefused(http.HttpContext.Response, limits.AcquireForUser(notification.UserId)) is { } userRefused) return userRefused;
        var result = await publisher.PublishAsync(notification, cancellationToken);
        return TypedResults.Accepted((string?)null, result);
    }
}
