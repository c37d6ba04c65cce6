using System.Text.Json;
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

    /// <summary>Reads a body to any depth its size allows, so a payload too deep is refused naming payload.</summary>
    private static readonly JsonDocumentOptions BodyReading = new() { MaxDepth = (int)MaxBodyBytes };

    public static RouteGroupBuilder MapPublishApi(this RouteGroupBuilder group)
    {
        group.MapPost("/publish", PublishAsync)
            .RequireAuthorization(AuthServiceCollectionExtensions.PublishPolicy)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes))
            // The body is read by hand (to name the field a bad one breaks in), so its shape is declared here.
            .WithName("Publish").Accepts<PublishRequest>("application/json")
            .Produces<PublishResult>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<IResult> PublishAsync(
        HttpRequest http, NotificationPublisher publisher, PublishRateLimits limits, ServiceMetrics metrics, NotificationSwitch notifications,
        CancellationToken cancellationToken)
    {
        if (!notifications.IsOn) return Problems.Unavailable("Notifications are switched off; nothing was stored.");

        if (RateLimitRefusal.AnswerIfRefused(http.HttpContext.Response, limits.AcquireForPublisher(http.HttpContext.User.UserId()!)) is { } publisherRefused)
            return publisherRefused;

        if (http.ContentLength > MaxBodyBytes)
        {
            metrics.PublishError();
            return Problems.TooLarge($"A publish request is at most {MaxBodyBytes} bytes.");
        }

        if (!http.HasJsonContentType())
        {
            metrics.PublishError();
            return Problems.BadRequest("body", "The body must be JSON (Content-Type: application/json).");
        }

        byte[] body;
        try
        {
            // Buffered (the size is capped) so a body that is not JSON can be read again to name the field it breaks in.
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, cancellationToken);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            metrics.PublishError();
            return Problems.TooLarge($"A publish request is at most {MaxBodyBytes} bytes.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, BodyReading);
        }
        catch (JsonException)
        {
            metrics.PublishError();
            return Problems.BadRequest(PublishRequestReader.FieldWhereJsonBreaks(body), "The body is not valid JSON.");
        }

        using var json = document;
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
