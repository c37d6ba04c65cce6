using Vividly.Hub.Auth;
using Vividly.Hub.Channels;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Connections;
using Vividly.Hub.Cors;
using Vividly.Hub.Development;
using Vividly.Hub.Email;
using Vividly.Hub.EventStream;
using Vividly.Hub.Health;
using Vividly.Hub.Inbox;
using Vividly.Hub.Jobs;
using Vividly.Hub.Live;
using Vividly.Hub.Notifications;
using Vividly.Hub.OpenApi;
using Vividly.Hub.Preferences;
using Vividly.Hub.Push;
using Vividly.Hub.RateLimits;
using Vividly.Hub.Redis;
using Vividly.Hub.Security;
using Vividly.Hub.Shared;
using Vividly.Observability.Logging;

namespace Vividly.Hub;

/// <summary>The composition root: what the hub is made of and the order requests pass through it.</summary>
public static class VividlyHubExtensions
{
    public static WebApplicationBuilder AddVividlyHub(this WebApplicationBuilder builder)
    {
        builder.AddServiceLogging();

        // ASPNETCORE_URLS or --urls decide; without either the service listens where the README says.
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:5080");
        // Which server and version answers is of use only to someone looking for its weaknesses.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        var configuration = builder.Configuration;
        // Read before the container exists because what is registered depends on them; every
        // other setting is bound to its feature's options and validated at start.
        var storage = configuration.Get<InboxStorageOptions>() ?? new InboxStorageOptions();

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => ContractJson.Apply(json.SerializerOptions));
        // Every feature, side by side; none registers another. Hosted services start in this order.
        services.AddSharedKernel(configuration);
        services.AddCrossOrigin(configuration);
        services.AddHubAuthentication(configuration, builder.Environment);
        services.AddInbox(configuration, storage.UsesPostgres);
        services.AddPreferences();
        services.AddPush(configuration);
        services.AddEmail(configuration);
        services.AddChannels(configuration, builder.Environment);
        services.AddRedis(configuration);
        services.AddLive(configuration);
        services.AddConnections(configuration);
        services.AddRateLimits(configuration);
        services.AddNotifications(configuration);
        services.AddEventStream();
        services.AddJobs(configuration);
        services.AddTelemetry(configuration);
        services.AddWireContractDocument();
        if (builder.Environment.IsDevelopment()) services.AddDevelopment(configuration);
        return builder;
    }

    public static WebApplication MapVividlyHub(this WebApplication app)
    {
        // First, so error answers carry the headers too.
        app.UseSecurityHeaders();
        // Around the exception handler, so a connect that failed with a 500 is counted too.
        app.UseMiddleware<ConnectionErrors>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<QueryTokenMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        // Routing after static files: the web app's fallback route must not answer for its own assets.
        app.UseRouting();
        app.UseCrossOrigin();
        app.UseAuthentication();
        app.UseEmailClaims();
        // After authentication: the limits count per user.
        app.UseRateLimiter();
        app.UseMiddleware<ConnectionGate>();
        app.UseMiddleware<ConnectionActivity>();
        app.UseAuthorization();

        app.MapNotificationHub();
        app.MapNotificationsApi();
        app.MapPreferencesApi();
        app.MapPushApi();
        app.MapEmailApi();
        app.MapDeliveriesApi();
        app.MapStreamApi();
        app.MapHealthApi();
        // In every environment: it describes only the public contract (docs/contract.md), no secret or setting.
        app.MapOpenApi();
        if (app.Environment.IsDevelopment()) app.MapDevelopmentApi();

        // The web app routes in the browser: unknown pages outside the API get its index.
        app.MapFallbackToFile("{*path:regex(^(?!api/|health/).*$)}", "index.html");
        return app;
    }
}
