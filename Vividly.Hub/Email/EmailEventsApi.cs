using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Vividly.Hub.Channels;
using Vividly.Hub.Notifications;

namespace Vividly.Hub.Email;

/// <summary>What the webhook did with a body: events new to it, and events it had already taken.</summary>
public sealed record EmailEventsAnswer(int Accepted, int Replayed);

/// <summary>
/// <c>POST /api/v1/email/events</c>: the provider's event webhook (SendGrid's shape), sent with
/// <c>Authorization: Bearer {EMAIL_WEBHOOK_SECRET}</c>. Each event is taken once by its
/// <c>sg_event_id</c>: bounces and spam reports suppress the address, unsubscribes turn the email
/// cadence off, and what happened to the delivery is recorded.
/// </summary>
public static class EmailEventsApi
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static RouteGroupBuilder MapEmailEventsApi(this RouteGroupBuilder email)
    {
        email.MapPost("/events", TakeAsync).WithName("EmailEvents")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes)).Accepts<ProviderEventBody[]>("application/json")
            .Produces<EmailEventsAnswer>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return email;
    }

    private static async Task<IResult> TakeAsync(
        HttpRequest http, IOptions<EmailOptions> options, EmailEventStore store, UserEmailStore addresses, EmailUnsubscribes unsubscribes,
        IDeliveryEvents deliveries, CancellationToken cancellationToken)
    {
        if (!IsAuthorized(http, options.Value.WebhookSecret!))
        {
            http.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized("The webhook takes Authorization: Bearer with the configured secret.");
        }
        var body = await JsonBody.ReadAsync(http, MaxBodyBytes, "An event webhook body", _ => "body", cancellationToken);
        if (body.Refusal is { } refused) return refused;
        using var json = body.Document!;
        if (ProviderEvent.ReadAll(json.RootElement, out var errors) is not { } events) return TypedResults.ValidationProblem(errors);

        // The first of each id in the body, of the ids not taken before.
        var distinct = events.DistinctBy(e => e.EventId).ToList();
        var taken = await store.TakenAsync(distinct.Select(e => e.EventId).ToList(), cancellationToken);
        var fresh = distinct.Where(e => !taken.Contains(e.EventId)).ToList();
        // Each effect is idempotent, and the events are marked taken only after: a body that
        // failed halfway is retried by the provider and done whole.
        foreach (var e in fresh)
        {
            switch (e.Event)
            {
                case "bounce" or "spamreport":
                    await addresses.SuppressAsync(e.Email, e.Event, e.At, cancellationToken);
                    break;
                case "unsubscribe":
                    foreach (var userId in await addresses.UsersWithAsync(e.Email, cancellationToken))
                        await unsubscribes.TurnOffAsync(userId, cancellationToken);
                    break;
            }
            if (e is { DeliveryId: { } deliveryId, DeliveryKind: { } kind }) await deliveries.RecordAsync(deliveryId, kind, e.At, cancellationToken);
        }
        await store.TakeAsync(fresh, cancellationToken);
        return TypedResults.Ok(new EmailEventsAnswer(fresh.Count, events.Count - fresh.Count));
    }

    /// <summary>Compared in constant time (over hashes, so the length of the secret is not told either).</summary>
    private static bool IsAuthorized(HttpRequest http, string secret)
    {
        var header = http.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }
}

/// <summary>One webhook event as sent (for the OpenAPI document): fields besides these are ignored.</summary>
public sealed record ProviderEventBody(
    string Email, long Timestamp, string Event,
    [property: System.Text.Json.Serialization.JsonPropertyName("sg_event_id")] string SgEventId,
    [property: System.Text.Json.Serialization.JsonPropertyName("sg_message_id")] string? SgMessageId,
    string? DeliveryId);
