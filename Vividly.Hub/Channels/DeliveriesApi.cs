using System.Globalization;
using System.Security.Claims;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.RateLimits;

namespace Vividly.Hub.Channels;

public static class DeliveriesApi
{
    public const string MetricsPath = "/api/v1/admin/delivery-metrics";

    /// <summary>Without <c>from</c>, the metrics cover this long before <c>to</c> (itself now by default).</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(1);

    public static WebApplication MapDeliveriesApi(this WebApplication app)
    {
        app.MapGet(Routes.Notifications + "/{id}/deliveries", GetAsync).WithName("GetDeliveries")
            .AddEndpointFilter<StoreUnavailableAnswer>()
            .RequireAuthorization().RequireRateLimiting(RateLimitsServiceCollectionExtensions.RestPolicy)
            .Produces<DeliveriesAnswer>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet(MetricsPath, MetricsAsync).WithName("GetDeliveryMetrics")
            .AddEndpointFilter<StoreUnavailableAnswer>()
            .RequireAuthorization(AuthServiceCollectionExtensions.AdminPolicy).RequireRateLimiting(RateLimitsServiceCollectionExtensions.RestPolicy)
            .Produces<DeliveryMetricsAnswer>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The caller's own notification's deliveries, or anyone's for an admin; another user's answers as a missing one would.</summary>
    private static async Task<IResult> GetAsync(
        string id, ClaimsPrincipal user, DeliveryStore store, GuardedInboxStore guard, CancellationToken cancellationToken)
    {
        if (!NotificationId.IsWellFormed(id)) return NotFound(id);
        var owner = user.IsInRole(Roles.Admin) ? null : user.UserId();
        var deliveries = await guard.RunAsync(ct => store.ListAsync(id, owner, ct), cancellationToken);
        return deliveries is null ? NotFound(id) : TypedResults.Ok(new DeliveriesAnswer(id, deliveries));
    }

    private static async Task<IResult> MetricsAsync(
        DeliveryStore store, GuardedInboxStore guard, TimeProvider timeProvider, CancellationToken cancellationToken, string? from = null, string? to = null)
    {
        if (!TryParse(to, out var end)) return Problems.BadRequest("to", "to must be an ISO 8601 date and time with an offset, such as 2026-01-31T00:00:00Z.");
        if (!TryParse(from, out var start)) return Problems.BadRequest("from", "from must be an ISO 8601 date and time with an offset, such as 2026-01-01T00:00:00Z.");
        var until = end ?? timeProvider.GetUtcNow();
        var since = start ?? until - DefaultWindow;
        if (since > until) return Problems.BadRequest("from", "from must not be after to.");
        var rows = await guard.RunAsync(ct => store.MetricsAsync(since, until, ct), cancellationToken);
        return TypedResults.Ok(new DeliveryMetricsAnswer(since, until, rows));
    }

    private static bool TryParse(string? raw, out DateTimeOffset? value)
    {
        value = null;
        if (raw is null) return true;
        if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)) return false;
        value = parsed;
        return true;
    }

    private static IResult NotFound(string id) => Problems.NotFound($"No notification {id} of yours.");
}
