using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Vividly.Hub.Auth;

namespace Vividly.Hub.RateLimits;

public static class RateLimitsServiceCollectionExtensions
{
    /// <summary>The endpoint policy of the inbox calls: a bucket per user.</summary>
    public const string RestPolicy = "rest-per-user";

    /// <summary>
    /// ASP.NET Core's rate limiter for negotiates (its global limiter, which names only the
    /// negotiate endpoint) and the inbox calls (<see cref="RestPolicy"/>); publishes are counted
    /// by <see cref="PublishRateLimits"/>, shared by REST and the hub. The SSE stream, hub
    /// invocations, health and static files are not limited.
    /// </summary>
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PublishRateLimits>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, options) =>
        {
            var limits = options.Value;
            // Per user first: a user over its own limit spends nothing of its address's budget.
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                limits.NegotiatePerUser.Partitioned<HttpContext>(http => IsNegotiate(http) ? http.User.UserId() : null),
                limits.NegotiatePerAddress.Partitioned<HttpContext>(http => IsNegotiate(http) ? AddressOf(http) : null));
            limiter.AddPolicy(RestPolicy, http => limits.RestPerUser.Partition(http.User.UserId()));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
                new ValueTask(RateLimitRefusal.Answer(context.HttpContext.Response, context.Lease).ExecuteAsync(context.HttpContext));
        });
        return services;
    }

    private static bool IsNegotiate(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<NegotiateMetadata>() is not null;

    /// <summary>
    /// The peer's address. Behind a load balancer that is the balancer's, unless ASP.NET Core's
    /// forwarded headers are switched on (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>).
    /// </summary>
    private static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
