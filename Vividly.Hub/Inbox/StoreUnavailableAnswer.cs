using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;

namespace Vividly.Hub.Inbox;

/// <summary>
/// Any HTTP request that needed the store while it could not answer gets 503 with
/// <c>Retry-After</c> and a problem-details body naming the cause, never a 500 or a hang.
/// As a filter on the API's endpoints it answers before the exception leaves the endpoint: the
/// exception-handler middleware would log each one as an unhandled error with its stack, and
/// during a stall that is every publish. As an exception handler it is the backstop for anything
/// else that reaches the store.
/// </summary>
public sealed class StoreUnavailableAnswer : IEndpointFilter, IExceptionHandler
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (StoreUnavailableException unavailable)
        {
            return Answer(context.HttpContext, unavailable);
        }
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StoreUnavailableException unavailable) return false;
        await Answer(httpContext, unavailable).ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>What happened, and what a retry may find: a timed-out write may have been stored.</summary>
    public static string Detail(StoreUnavailableException exception) => exception.Failure switch
    {
        StoreFailure.Refused => $"{exception.Message} Retry after {exception.RetryAfterSeconds} s.",
        _ => $"{exception.Message} A write may have been stored: retry with the same idempotency key after {exception.RetryAfterSeconds} s.",
    };

    /// <summary>503 with <c>Retry-After</c> and a problem-details body saying what happened.</summary>
    public static IResult Answer(HttpContext http, StoreUnavailableException unavailable)
    {
        http.Response.Headers.RetryAfter = unavailable.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Unavailable(Detail(unavailable));
    }
}
