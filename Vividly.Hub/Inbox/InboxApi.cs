using System.Security.Claims;

namespace Vividly.Hub.Inbox;

public static class InboxApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The caller's own inbox; a user never reads or changes another's.</summary>
    public static RouteGroupBuilder MapInboxApi(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).RequireAuthorization();
        group.MapPost("/{id}/read", MarkReadAsync).RequireAuthorization();
        group.MapPost("/read-all", MarkAllReadAsync).RequireAuthorization();
        group.MapDelete("/", ClearAsync).RequireAuthorization();
        return group;
    }

    private static async Task<IResult> ListAsync(
        ClaimsPrincipal user, IInboxStore store, CancellationToken cancellationToken,
        long? after_seq = null, long? before_seq = null, int? limit = null, bool unread_only = false)
    {
        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize) return Problems.BadRequest("limit", $"limit must be 1 to {MaxPageSize}.");
        if (after_seq < 0) return Problems.BadRequest("after_seq", "after_seq must not be negative.");
        if (before_seq < 1) return Problems.BadRequest("before_seq", "before_seq must be positive.");
        var page = await store.ListAsync(UserOf(user), new InboxQuery(after_seq, before_seq, size, unread_only), cancellationToken);
        return TypedResults.Ok(page);
    }

    private static async Task<IResult> MarkReadAsync(string id, ClaimsPrincipal user, IInboxStore store, InboxChanges inbox, CancellationToken cancellationToken)
    {
        var userId = UserOf(user);
        var unread = await inbox.MarkReadAsync(userId, [id], cancellationToken);
        if (!await store.ExistsAsync(userId, id, cancellationToken)) return Problems.NotFound($"No notification {id} in your inbox.");
        return TypedResults.Ok(new UnreadAnswer(unread));
    }

    private static async Task<IResult> MarkAllReadAsync(ClaimsPrincipal user, InboxChanges inbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnreadAnswer(await inbox.MarkAllReadAsync(UserOf(user), cancellationToken)));

    private static async Task<IResult> ClearAsync(ClaimsPrincipal user, InboxChanges inbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnreadAnswer(await inbox.ClearAsync(UserOf(user), cancellationToken)));

    private static string UserOf(ClaimsPrincipal user) =>
        user.FindFirstValue("sub") ?? throw new InvalidOperationException("An authenticated user always has a subject.");

    private sealed record UnreadAnswer(int UnreadCount);
}
