using System.Threading.RateLimiting;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.RateLimits;

namespace Vividly.Hub.Notifications;

/// <summary>
/// Why one request of a batch was not stored, worded and numbered as a publish of its own would
/// have been answered: 400 naming the field, 429 naming the limit, 503 naming the store's failure.
/// </summary>
public static class PublishProblems
{
    public static PublishProblem Invalid(Dictionary<string, string[]> errors) => new(
        StatusCodes.Status400BadRequest, "One or more validation errors occurred.",
        string.Join(" ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")), errors);

    public static PublishProblem RateLimited(RateLimitLease lease) => new(
        StatusCodes.Status429TooManyRequests, "Too many requests", RateLimitRefusal.Detail(lease),
        Retryable: true, RetryAfter: RateLimitRefusal.RetryAfterSeconds(lease));

    public static PublishProblem Unavailable(StoreUnavailableException unavailable) => new(
        StatusCodes.Status503ServiceUnavailable, "Service unavailable", StoreUnavailableAnswer.Detail(unavailable),
        Retryable: true, RetryAfter: unavailable.RetryAfterSeconds);
}
