using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;

namespace Vividly.Hub.Inbox;

/// <summary>
/// Any HTTP request that needed the store while it could not answer gets 503 with
/// <c>Retry-After</c> and a problem-details body naming the cause, never a 500 or a hang.
/// </summary>
public sealed class StoreUnavailableAnswer : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StoreUnavailableException unavailable) return false;
        httpContext.Response.Headers.RetryAfter = unavailable.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await Problems.Unavailable(Detail(unavailable)).ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>What happened, and what a retry may find: a timed-out write may have been stored.</summary>
    public static string Detail(StoreUnavailableException exception) => exception.Failure switch
    {
        StoreFailure.Refused => $"{exception.Message} Retry after {exception.RetryAfterSeconds} s.",
        _ => $"{exception.Message} A write may have been stored: retry with the same idempotency key after {exception.RetryAfterSeconds} s.",
    };
}
