using Microsoft.Extensions.Options;
using Vividly.Hub.Client;
using Vividly.Hub.Client.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Worker.Generation;
using Vividly.Worker.Publishing;
using Vividly.Worker.PubSub;
using Vividly.Observability.Logging;
using Vividly.Observability.Telemetry;

namespace Vividly.Worker;

/// <summary>The worker's composition root.</summary>
public static class WorkerExtensions
{
    public static WebApplicationBuilder AddVividlyWorker(this WebApplicationBuilder builder)
    {
        builder.AddServiceLogging();
        // ASPNETCORE_URLS or --urls decide; without either the service listens where the README says.
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:5081");

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => ContractJson.Apply(json.SerializerOptions));

        services.AddOptions<SimulatedPipelineOptions>().Bind(builder.Configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkerHubOptions>()
            .Bind(builder.Configuration)
            .PostConfigure(options => options.SecretKey = HubTokenSettings.SecretKeyOrDevelopment(options.SecretKey, builder.Environment))
            .ValidateDataAnnotations()
            .Validate(options => !string.IsNullOrEmpty(options.AccessToken) || options.SecretKey is { Length: >= 32 },
                "Set HUB_ACCESS_TOKEN, or SECRET_KEY (at least 32 characters) for the worker to sign its own token.")
            .ValidateOnStart();

        // The SignalR client's invocation spans carry the trace to the hub's, so the hub's publish continues the push's trace.
        services.AddServiceTelemetry(builder.Configuration, new ServiceTelemetry(
            "vividly-worker", [WorkerActivities.SourceName, "Microsoft.AspNetCore.SignalR.Client"], ["Microsoft.AspNetCore.Hosting", "System.Net.Http"]));
        services.AddSingleton<IContentPipeline, SimulatedContentPipeline>();
        services.AddSingleton<ContentGenerationRunner>();
        services.AddSingleton<PublisherTokens>();
        services.AddNotificationHubClient((client, provider) =>
        {
            client.HubUrl = provider.GetRequiredService<IOptions<WorkerHubOptions>>().Value.HubUrl;
            client.AccessTokenProvider = provider.GetRequiredService<PublisherTokens>().GetAsync;
        });
        return builder;
    }

    public static WebApplication MapVividlyWorker(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapPushApi();
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "alive" }));
        app.MapGet("/health/ready", (NotificationHubClient hub) => TypedResults.Ok(new { status = "ready", hub = hub.State.ToString().ToLowerInvariant() }));
        return app;
    }
}
