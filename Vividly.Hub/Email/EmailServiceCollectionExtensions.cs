using Microsoft.Extensions.Options;
using Vividly.Hub.Channels;

namespace Vividly.Hub.Email;

public static class EmailServiceCollectionExtensions
{
    public const string Prefix = "/api/v1/email";

    /// <summary>
    /// Addresses, unsubscribes and the templates always; the SMTP sender (<see cref="IChannelSender"/>
    /// for <c>email</c>) only when <c>SMTP_URL</c> is set. Opens, clicks and provider events are
    /// taken only when something records delivery events (<see cref="IDeliveryEvents"/>).
    /// </summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.AddSingleton<EmailSignatures>();
        services.AddSingleton<UserEmailStore>();
        services.AddSingleton<EmailEventStore>();
        services.AddSingleton<EmailUnsubscribes>();
        services.AddSingleton<EmailClaimCapture>();
        services.AddSingleton(provider => new EmailTracking(provider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IDeliveryEvents))));

        if (!(configuration.Get<EmailOptions>() ?? new EmailOptions()).Enabled) return services;
        services.AddSingleton<EmailTemplates>();
        services.AddSingleton<EmailLinks>();
        services.AddSingleton<EmailComposer>();
        services.AddSingleton<SmtpTransport>();
        services.AddSingleton<EmailSender>();
        services.AddSingleton<IChannelSender>(provider => provider.GetRequiredService<EmailSender>());
        // Routing sends email only where there is a sender to send it.
        services.AddSingleton<IChannelReach, EmailReach>();
        return services;
    }

    /// <summary>After authentication: stores the <c>email</c> claim of signed-in callers.</summary>
    public static IApplicationBuilder UseEmailClaims(this IApplicationBuilder app) => app.UseMiddleware<EmailClaimCapture>();

    public static WebApplication MapEmailApi(this WebApplication app)
    {
        app.MapEmailAddressApi();
        var email = app.MapGroup(Prefix).AddEndpointFilter<Inbox.StoreUnavailableAnswer>();
        email.MapUnsubscribeApi();
        var options = app.Services.GetRequiredService<IOptions<EmailOptions>>().Value;
        if (app.Services.GetRequiredService<EmailTracking>().Enabled)
        {
            // Links into the app need APP_URL, which only a configured channel has.
            if (options.Enabled) email.MapTrackingApi();
            if (!string.IsNullOrEmpty(options.WebhookSecret)) email.MapEmailEventsApi();
        }
        return app;
    }
}
