using Microsoft.AspNetCore.Mvc;
using Vividly.Hub.Auth;
using Vividly.Hub.Notifications;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Email;

/// <summary>What <c>PUT /api/v1/users/{user_id}/email</c> takes.</summary>
public sealed record EmailAddressRequest(string Email);

/// <summary>A user's address as stored: where it came from, and since when (and why) nothing is sent to it.</summary>
public sealed record EmailAddressAnswer(string UserId, string Email, string Source, DateTimeOffset UpdatedAt, DateTimeOffset? SuppressedAt, string? SuppressedReason);

/// <summary>
/// <c>PUT /api/v1/users/{user_id}/email</c>, for the publish role: sets where a user's email goes.
/// An address a publisher sets is not replaced by the <c>email</c> claim of the user's token.
/// </summary>
public static class EmailAddressApi
{
    public const long MaxBodyBytes = 4 * 1024;

    public static WebApplication MapEmailAddressApi(this WebApplication app)
    {
        app.MapPut("/api/v1/users/{user_id}/email", PutAsync).WithName("PutUserEmail")
            .RequireAuthorization(AuthServiceCollectionExtensions.PublishPolicy)
            .AddEndpointFilter<Inbox.StoreUnavailableAnswer>()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes)).Accepts<EmailAddressRequest>("application/json")
            .Produces<EmailAddressAnswer>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> PutAsync(
        [FromRoute(Name = "user_id")] string userId, HttpRequest http, UserEmailStore addresses, CancellationToken cancellationToken)
    {
        if (!TextRules.IsUserId(userId)) return Problems.BadRequest("user_id", "Not a user id.");
        var body = await JsonBody.ReadAsync(http, MaxBodyBytes, "An email address request", _ => "email", cancellationToken);
        if (body.Refusal is { } refused) return refused;
        using var json = body.Document!;
        if (json.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object
            || !json.RootElement.TryGetProperty("email", out var field) || field.ValueKind != System.Text.Json.JsonValueKind.String
            || field.GetString() is not { } email || !EmailAddresses.IsValid(email))
            return Problems.BadRequest("email", $"Required: one email address of at most {EmailAddresses.MaxLength} characters, without a display name.");
        await addresses.PutAsync(userId, email, EmailSources.Api, cancellationToken);
        var stored = await addresses.GetAsync(userId, cancellationToken)
            ?? throw new InvalidOperationException("An address just stored is there.");
        return TypedResults.Ok(new EmailAddressAnswer(userId, stored.Email, stored.Source, stored.UpdatedAt, stored.SuppressedAt, stored.SuppressedReason));
    }
}
