using Microsoft.Extensions.Options;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Connections;
using Vividly.Hub.Development;
using Vividly.Hub.Health;
using Vividly.Hub.Inbox;
using Vividly.Hub.Live;
using Vividly.Hub.Notifications;
using Vividly.Hub.RateLimits;
using Vividly.Hub.Redis;
using Vividly.Hub.Security;
using Vividly.Hub.Shared;

namespace Vividly.Hub;

/// <summary>The composition root: what the hub is made of and the order requests pass through it.</summary>
public static class VividlyHubExtensions
{
    public static WebApplicationBuilder AddVividlyHub(this WebApplicationBuilder builder)
    {
        // Request lines carry query strings; the hub's never reach a log, tokens or not.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        // ASPNETCORE_URLS or --urls decide; without either the service listens where the README says.
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:5080");
        // Which server and version answers is of use only to someone looking for its weaknesses.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => ContractJson.Apply(json.SerializerOptions));
        // Every feature, side by side; none registers another. Hosted services start in this order.
        services.AddSharedKernel(builder.Configuration);
        services.AddHubAuthentication(builder.Configuration, builder.Environment);
        services.AddInbox(builder.Configuration);
        services.AddRedis(builder.Configuration);
        services.AddLive(builder.Configuration);
        services.AddConnections(builder.Configuration);
        services.AddRateLimits(builder.Configuration);
        services.AddNotifications(builder.Configuration);
        services.AddTelemetry(builder.Configuration);
        services.AddSingleton(provider =>
        {
            var jwt = provider.GetRequiredService<IOptions<JwtOptions>>().Value;
            return new HubTokenFactory(new HubTokenSettings(jwt.SecretKey, jwt.Issuer, jwt.Audience), provider.GetRequiredService<TimeProvider>());
        });
        if (builder.Environment.IsDevelopment()) services.AddHttpClient();
        return builder;
    }

    public static WebApplication MapVividlyHub(this WebApplication app)
    {
        // First, so error answers carry the headers too.
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<QueryTokenMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        // Routing after static files: the web app's fallback route must not answer for its own assets.
        app.UseRouting();
        app.UseAuthentication();
        // After authentication: the limits count per user.
        app.UseRateLimiter();
        app.UseMiddleware<ConnectionGate>();
        app.UseMiddleware<ConnectionActivity>();
        app.UseAuthorization();

        app.MapNotificationHub();
        app.MapNotificationsApi();
        app.MapHealthApi();
        if (app.Environment.IsDevelopment()) app.MapDevelopmentApi();

        // The web app routes in the browser: unknown pages outside the API get its index.
        app.MapFallbackToFile("{*path:regex(^(?!api/|health/).*$)}", "index.html");
        return app;
    }
}
