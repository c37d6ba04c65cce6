using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Vividly.Hub.Cors;

/// <summary>
/// ASP.NET Core's CORS for a web app on another origin: the listed origins (and no others) may
/// preflight and call everything under <c>/api</c>, which holds the REST API, the hub's negotiate
/// and stream and any endpoint added there later. Without a listed origin nothing is added.
/// </summary>
public static class CrossOriginServiceCollectionExtensions
{
    private const string Policy = "listed-origins";

    /// <summary>How long a browser may reuse a preflight's answer: one preflight per call would double the round trips.</summary>
    private static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    /// <summary>What a browser client sends beyond the safelisted headers: the token, JSON, SignalR's own two, and an SSE resume.</summary>
    private static readonly string[] RequestHeaders =
        [HeaderNames.Authorization, HeaderNames.ContentType, HeaderNames.XRequestedWith, "X-SignalR-User-Agent", "Last-Event-ID"];

    public static IServiceCollection AddCrossOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CrossOriginOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CrossOriginOptions>>((cors, options) =>
            cors.AddPolicy(Policy, policy => policy
                .WithOrigins([.. options.Value.Origins])
                .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete)
                .WithHeaders(RequestHeaders)
                // 429 and 503 say when to come back; a page on another origin reads only what is exposed.
                .WithExposedHeaders(HeaderNames.RetryAfter)
                // SignalR's browser client sends its negotiate and stream with credentials (its
                // default) so a load balancer's affinity cookie reaches the stream's instance, and a
                // browser refuses such an answer without this. The hub itself reads no cookie: it
                // authenticates by bearer token only.
                .AllowCredentials()
                .SetPreflightMaxAge(PreflightMaxAge)));
        return services;
    }

    /// <summary>After routing and before authentication, so a preflight is answered without a token.</summary>
    public static IApplicationBuilder UseCrossOrigin(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<CrossOriginOptions>>().Value.Origins.Count == 0) return app;
        return app.UseWhen(context => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase), api => api.UseCors(Policy));
    }
}
