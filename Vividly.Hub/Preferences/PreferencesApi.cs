using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Vividly.Hub.Auth;
using Vividly.Hub.Inbox;
using Vividly.Hub.Notifications;
using Vividly.Hub.RateLimits;

namespace Vividly.Hub.Preferences;

public static class PreferencesApi
{
    public const string Path = "/api/v1/preferences";

    /// <summary>Bodies above this are refused with 413 before they are read, as publishes are.</summary>
    public const long MaxBodyBytes = PublishApi.MaxBodyBytes;

    /// <summary>The caller's own preferences; a user never reads or changes another's.</summary>
    public static WebApplication MapPreferencesApi(this WebApplication app)
    {
        var preferences = app.MapGroup(Path).AddEndpointFilter<StoreUnavailableAnswer>()
            .RequireAuthorization().RequireRateLimiting(RateLimitsServiceCollectionExtensions.RestPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        preferences.MapGet("", GetAsync).WithName("GetPreferences").Produces<PreferencesAnswer>();
        // The body is read by hand (to name the field a bad one breaks in), so its shape is declared here.
        preferences.MapPut("", PutAsync).WithName("PutPreferences")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes)).Accepts<UserPreferences>("application/json")
            .Produces<PreferencesAnswer>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<IResult> GetAsync(ClaimsPrincipal user, IPreferencesStore store, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(UserOf(user), cancellationToken);
        return TypedResults.Ok(Answer(stored?.Settings ?? UserPreferences.Default, stored?.UpdatedAt));
    }

    /// <summary>A full replace: what is left out is no longer set. Answers as GET would after it.</summary>
    private static async Task<IResult> PutAsync(HttpRequest http, ClaimsPrincipal user, IPreferencesStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(http, MaxBodyBytes, "A preferences document", PublishRequestReader.FieldWhereJsonBreaks, cancellationToken);
        if (body.Refusal is { } refused) return refused;
        using var json = body.Document!;
        if (PreferencesReader.ReadValid(json.RootElement, out var errors) is not { } settings) return TypedResults.ValidationProblem(errors);
        var updatedAt = await store.PutAsync(UserOf(user), settings, cancellationToken);
        return TypedResults.Ok(Answer(settings, updatedAt));
    }

    private static PreferencesAnswer Answer(UserPreferences settings, DateTimeOffset? updatedAt) =>
        new(settings.All, settings.Types, settings.QuietHours, EffectivePreferences.ForAll(settings), updatedAt);

    private static string UserOf(ClaimsPrincipal user) =>
        user.UserId() ?? throw new InvalidOperationException("An authenticated user always has a subject.");
}
