using System.Security.Claims;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.RateLimits;

namespace Vividly.Hub.EventStream;

public static class StreamApi
{
    /// <summary>
    /// The plain stream and its tickets, mapped as endpoints like the rest of the API, so every
    /// middleware (security headers, authentication, a cross-origin policy) applies to them.
    /// The stream authenticates itself: by bearer token or, failing that, by ticket.
    /// </summary>
    public static WebApplication MapStreamApi(this WebApplication app)
    {
        app.MapGet(Routes.Stream, (HttpContext http, StreamHost host) => host.RunAsync(http, pathUserId: null))
            .WithName("Stream").WithTags(nameof(StreamApi)).WithSummary("The caller's notifications as Server-Sent Events (see docs/contract.md).")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet(Routes.Stream + "/{user_id}", (HttpContext http, StreamHost host, string user_id) => host.RunAsync(http, user_id))
            .WithName("StreamOfUser").WithTags(nameof(StreamApi)).WithSummary("The same stream, naming its user: 403 for anyone else.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapPost(Routes.StreamTicket, IssueTicketAsync)
            .RequireAuthorization().RequireRateLimiting(RateLimitsServiceCollectionExtensions.RestPolicy)
            .WithName("IssueStreamTicket").WithSummary("A one-time ticket that opens the stream within 30 s: ?ticket=")
            .Produces<StreamTicket>().ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> IssueTicketAsync(HttpContext http, ClaimsPrincipal user, IStreamTickets tickets)
    {
        var expires = long.TryParse(user.FindFirst("exp")?.Value, out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : (DateTimeOffset?)null;
        try
        {
            return TypedResults.Ok(await tickets.IssueAsync(new TicketHolder(user.UserId()!, expires)));
        }
        catch (Exception ex) when (ex is TicketsExhaustedException or Redis.RedisUnavailableException)
        {
            http.Response.Headers.RetryAfter = "1";
            return Problems.Unavailable($"No stream ticket can be issued now: {ex.Message}");
        }
    }
}
