using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using static Vividly.Hub.Inbox.InboxApi;

namespace Vividly.Hub.Inbox;

/// <summary>
/// What the user does to their own notifications besides reading them: unread, archive, snooze,
/// seen, and a whole content request at once. Each answers the inbox view's unread count and
/// tells the user's other devices (<see cref="InboxChanges"/>); an id that is not in the caller's
/// inbox is 404, another user's included.
/// </summary>
internal static class InboxStateApi
{
    /// <summary>Bodies above this are refused with 413 before they are read: ample for 100 ids.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    public static RouteGroupBuilder MapInboxStateApi(this RouteGroupBuilder inbox)
    {
        inbox.MapPost("/{id}/unread", MarkUnreadAsync).WithName("MarkUnread").Produces<UnreadAnswer>().ProducesProblem(StatusCodes.Status404NotFound);
        inbox.MapPost("/{id}/archive", ArchiveAsync).WithName("Archive").Produces<UnreadAnswer>().ProducesProblem(StatusCodes.Status404NotFound);
        inbox.MapDelete("/{id}/archive", UnarchiveAsync).WithName("Unarchive").Produces<UnreadAnswer>().ProducesProblem(StatusCodes.Status404NotFound);
        inbox.MapPost("/archive-read", ArchiveReadAsync).WithName("ArchiveRead").Produces<UnreadAnswer>();
        inbox.MapPost("/{id}/snooze", SnoozeAsync).WithName("Snooze").WithBody<SnoozeRequest>(isOptional: false)
            .Produces<UnreadAnswer>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        inbox.MapDelete("/{id}/snooze", UnsnoozeAsync).WithName("Unsnooze").Produces<UnreadAnswer>().ProducesProblem(StatusCodes.Status404NotFound);
        inbox.MapPost("/seen", MarkSeenAsync).WithName("MarkSeen").WithBody<SeenRequest>(isOptional: false)
            .Produces<UnreadAnswer>().ProducesValidationProblem();
        inbox.MapPost("/requests/{content_request_id}/read", MarkRequestReadAsync).WithName("MarkRequestRead").WithBody<RequestReadRequest>(isOptional: true)
            .Produces<UnreadAnswer>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return inbox;
    }

    /// <summary>The body is read by hand (to name the field a bad one breaks), so its shape is declared for the OpenAPI document.</summary>
    private static RouteHandlerBuilder WithBody<TRequest>(this RouteHandlerBuilder endpoint, bool isOptional) where TRequest : notnull =>
        endpoint.WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes)).Accepts<TRequest>(isOptional, "application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    private static Task<IResult> MarkUnreadAsync(string id, ClaimsPrincipal user, IInboxStore store, InboxChanges inbox, CancellationToken cancellationToken) =>
        OnOneAsync(id, user, store, (userId, ids) => inbox.MarkUnreadAsync(userId, ids, cancellationToken), cancellationToken);

    private static Task<IResult> ArchiveAsync(string id, ClaimsPrincipal user, IInboxStore store, InboxChanges inbox, CancellationToken cancellationToken) =>
        OnOneAsync(id, user, store, (userId, ids) => inbox.ArchiveAsync(userId, ids, cancellationToken), cancellationToken);

    private static Task<IResult> UnarchiveAsync(string id, ClaimsPrincipal user, IInboxStore store, InboxChanges inbox, CancellationToken cancellationToken) =>
        OnOneAsync(id, user, store, (userId, ids) => inbox.UnarchiveAsync(userId, ids, cancellationToken), cancellationToken);

    private static async Task<IResult> ArchiveReadAsync(ClaimsPrincipal user, InboxChanges inbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnreadAnswer(await inbox.ArchiveReadAsync(UserOf(user), cancellationToken)));

    private static async Task<IResult> SnoozeAsync(
        string id, HttpRequest http, ClaimsPrincipal user, IInboxStore store, InboxChanges inbox, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!NotificationId.IsWellFormed(id)) return NotInInbox(id);
        var body = await InboxBodies.ReadSnoozeAsync(http, timeProvider.GetUtcNow(), cancellationToken);
        if (body.Refusal is { } refused) return refused;
        return await OnOneAsync(id, user, store, (userId, ids) => inbox.SnoozeAsync(userId, ids, body.Value, cancellationToken), cancellationToken);
    }

    private static Task<IResult> UnsnoozeAsync(string id, ClaimsPrincipal user, IInboxStore store, InboxChanges inbox, CancellationToken cancellationToken) =>
        OnOneAsync(id, user, store, (userId, ids) => inbox.UnsnoozeAsync(userId, ids, cancellationToken), cancellationToken);

    /// <summary>Ids that are not the caller's are ignored: a client marks what it showed, and need not know what was removed meanwhile.</summary>
    private static async Task<IResult> MarkSeenAsync(HttpRequest http, ClaimsPrincipal user, InboxChanges inbox, CancellationToken cancellationToken)
    {
        var body = await InboxBodies.ReadSeenAsync(http, cancellationToken);
        if (body.Refusal is { } refused) return refused;
        var ids = body.Value!.Where(NotificationId.IsWellFormed).ToList();
        return TypedResults.Ok(new UnreadAnswer(await inbox.MarkSeenAsync(UserOf(user), ids, cancellationToken)));
    }

    private static async Task<IResult> MarkRequestReadAsync(
        string content_request_id, HttpRequest http, ClaimsPrincipal user, InboxChanges inbox, CancellationToken cancellationToken)
    {
        if (!ContentRequestIds.IsValid(content_request_id))
            return Problems.BadRequest("content_request_id", $"content_request_id must be 1 to {ContentRequestIds.MaxLength} characters, with no control characters.");
        var body = await InboxBodies.ReadRequestReadAsync(http, cancellationToken);
        if (body.Refusal is { } refused) return refused;
        return await inbox.MarkRequestReadAsync(UserOf(user), content_request_id, body.Value, cancellationToken) is { } unread
            ? TypedResults.Ok(new UnreadAnswer(unread))
            : Problems.NotFound($"No notification of request {content_request_id} in your inbox.");
    }

    /// <summary>Acts on one notification, then answers 404 unless it is the caller's (an action that changed nothing tells no one).</summary>
    private static async Task<IResult> OnOneAsync(
        string id, ClaimsPrincipal user, IInboxStore store, Func<string, IReadOnlyCollection<string>, Task<int>> act, CancellationToken cancellationToken)
    {
        // An id no hub could have given out is in no inbox; PostgreSQL would refuse some (a NUL) outright.
        if (!NotificationId.IsWellFormed(id)) return NotInInbox(id);
        var userId = UserOf(user);
        var unread = await act(userId, [id]);
        if (!await store.ExistsAsync(userId, id, cancellationToken)) return NotInInbox(id);
        return TypedResults.Ok(new UnreadAnswer(unread));
    }
}
