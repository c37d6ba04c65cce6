using System.Globalization;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.RateLimits;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Notifications;

/// <summary>
/// Up to <see cref="PublishBatchRequest.MaxRequests"/> publishes in one request, each checked,
/// limited, stored and answered on its own and in order, as if published alone: one that fails
/// stores nothing and fails no other. Answered 202 with a result per request, unless the store took
/// none of them (503) or the batch as a whole is refused (400, 413, 429).
/// </summary>
public static class PublishBatchApi
{
    /// <summary>Bodies above this are refused with 413 before they are read.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static RouteGroupBuilder MapPublishBatchApi(this RouteGroupBuilder group)
    {
        group.MapPost("/publish/batch", PublishBatchAsync).AsPublishEndpoint<PublishBatchRequest, PublishBatchResult>("PublishBatch", MaxBodyBytes);
        return group;
    }

    private static async Task<IResult> PublishBatchAsync(
        HttpRequest http, NotificationPublisher publisher, PublishRateLimits limits, ServiceMetrics metrics, NotificationSwitch notifications,
        CancellationToken cancellationToken)
    {
        if (!notifications.IsOn) return Problems.Unavailable("Notifications are switched off; nothing was stored.");

        var response = http.HttpContext.Response;
        var publisherId = http.HttpContext.User.UserId()!;
        // Every attempt costs a publish before its body is read, as a single publish does; the rest once its size is known.
        if (RateLimitRefusal.AnswerIfRefused(response, limits.AcquireForPublisher(publisherId)) is { } refused) return refused;

        var body = await JsonBody.ReadAsync(http, MaxBodyBytes, "A publish batch", PublishBatchReader.FieldWhereJsonBreaks, cancellationToken);
        if (body.Refusal is { } unreadable)
        {
            metrics.PublishError();
            return unreadable;
        }
        using var json = body.Document!;
        if (PublishBatchReader.ReadRequests(json.RootElement, out var errors) is not { } requests)
        {
            metrics.PublishError();
            return TypedResults.ValidationProblem(errors);
        }
        if (requests.Count > limits.PublisherBurst)
        {
            metrics.PublishError();
            return Problems.BadRequest(PublishBatchReader.RequestsField, string.Create(CultureInfo.InvariantCulture,
                $"This publisher may make at most {limits.PublisherBurst} publishes at once (its rate limit's burst); send fewer per batch."));
        }
        if (requests.Count > 1 &&
            RateLimitRefusal.AnswerIfRefused(response, limits.AcquireForPublisher(publisherId, requests.Count - 1)) is { } batchRefused)
            return batchRefused;

        var items = new PublishBatchItem[requests.Count];
        var admitted = new List<(int Index, NewNotification Notification)>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            if (PublishRequestReader.ReadValid(requests[i], out var itemErrors) is not { } notification)
            {
                metrics.PublishError();
                items[i] = new PublishBatchItem(Error: PublishProblems.Invalid(itemErrors));
                continue;
            }
            using var lease = limits.AcquireForUser(notification.UserId);
            if (lease.IsAcquired) admitted.Add((i, notification));
            else items[i] = new PublishBatchItem(Error: PublishProblems.RateLimited(lease));
        }

        var outcomes = await publisher.PublishAllAsync([.. admitted.Select(a => a.Notification)], cancellationToken);
        StoreUnavailableException? storeFailure = null;
        for (var k = 0; k < outcomes.Count; k++)
        {
            var (result, unavailable) = outcomes[k];
            items[admitted[k].Index] = result is not null
                ? new PublishBatchItem(result.Id, result.Seq, result.Duplicate)
                : new PublishBatchItem(Error: PublishProblems.Unavailable(unavailable!));
            storeFailure ??= unavailable;
        }

        // Nothing stored, and the store is why: the batch as a whole is to be retried, as a single publish would be.
        if (storeFailure is not null && outcomes.All(outcome => outcome.Result is null))
            return StoreUnavailableAnswer.Answer(http.HttpContext, storeFailure);
        return TypedResults.Accepted((string?)null, new PublishBatchResult(items));
    }
}
