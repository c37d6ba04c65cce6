using System.Security.Claims;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.RateLimits;

namespace Vividly.Hub.Inbox;

public static class InboxApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The first contract's <c>/history</c> page size.</summary>
    public const int HistoryPageSize = 20;

    /// <summary>The caller's own inbox; a user never reads or changes another's.</summary>
    public static RouteGroupBuilder MapInboxApi(this RouteGroupBuilder group)
    {
        var inbox = group.MapGroup("").RequireAuthorization().RequireRateLimiting(RateLimitsServiceCollectionExtensions.RestPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        inbox.MapGet("/", ListAsync).WithName("ListInbox").Produces<InboxPage>().ProducesValidationProblem();
        inbox.MapGet("/history", HistoryAsync).WithName("History").Produces<InboxPage>().ProducesValidationProblem();
        inbox.MapPost("/{id}/read", MarkReadAsync).WithName("MarkRead").Produces<UnreadAnswer>().ProducesProblem(StatusCodes.Status404NotFound);
        inbox.MapPost("/read-all", MarkAllReadAsync).WithName("MarkAllRead").Produces<UnreadAnswer>();
        inbox.MapDelete("/", ClearAsync).WithName("ClearInbox").Produces<UnreadAnswer>();
        inbox.MapInboxStateApi();
        return group;
    }

    private static async Task<IResult> ListAsync(
        ClaimsPrincipal user, IInboxStore store, CancellationToken cancellationToken,
        string? after_seq = null, string? before_seq = null, string? limit = null, string? unread_only = null, string? view = null)
    {
        // Parsed here rather than bound, so a malformed value is answered naming its field.
        if (!TryParse(after_seq, 0, long.MaxValue, out var after)) return Problems.BadRequest("after_seq", "after_seq must be a whole number, 0 or more.");
        if (!TryParse(before_seq, 1, long.MaxValue, out var before)) return Problems.BadRequest("before_seq", "before_seq must be a whole number, 1 or more.");
        if (!TryParse(limit, 1, MaxPageSize, out var size)) return Problems.BadRequest("limit", $"limit must be 1 to {MaxPageSize}.");
        if (unread_only is not null && !bool.TryParse(unread_only, out _)) return Problems.BadRequest("unread_only", "unread_only must be true or false.");
        if (ParseView(view, unread_only is not null && bool.Parse(unread_only)) is not { } shown)
            return Problems.BadRequest("view", $"view must be one of {string.Join(", ", InboxViews.All)}.");

        var query = new InboxQuery(after, before, (int)(size ?? DefaultPageSize), shown);
        return TypedResults.Ok(await store.ListAsync(UserOf(user), query, cancellationToken));
    }

    /// <summary>The listing by the name the first contract gives it: the newest <see cref="HistoryPageSize"/> unless <c>limit</c> says otherwise.</summary>
    private static Task<IResult> HistoryAsync(
        ClaimsPrincipal user, IInboxStore store, CancellationToken cancellationToken, string? limit = null, string? before_seq = null) =>
        ListAsync(user, store, cancellationToken, before_seq: before_seq,
            limit: limit ?? HistoryPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary><c>unread_only=true</c> is the first contract's name for the unread view; a view named outright wins.</summary>
    private static InboxView? ParseView(string? view, bool unreadOnly) => view switch
    {
        null => unreadOnly ? InboxView.Unread : InboxView.Inbox,
        InboxViews.Inbox => InboxView.Inbox,
        InboxViews.Unread => InboxView.Unread,
        InboxViews.Archived => InboxView.Archived,
        InboxViews.Snoozed => InboxView.Snoozed,
        _ => null,
    };

    private static bool TryParse(string? raw, long min, long max, out long? value)
    {
        value = null;
        if (raw is null) return true;
        if (!long.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ||
            parsed < min || parsed > max)
            return false;
        value = parsed;
        return true;
    }

    private static async Task<IResult> MarkReadAsync(string id, ClaimsPrincipal user, IInboxStore store, InboxChanges inbox, CancellationToken cancellationToken)
    {
        // An id no hub could have given out is in no inbox; PostgreSQL would refuse some (a NUL) outright.
        if (!NotificationId.IsWellFormed(id)) return NotInInbox(id);
        var userId = UserOf(user);
        var unread = await inbox.MarkReadAsync(userId, [id], cancellationToken);
        if (!await store.ExistsAsync(userId, id, cancellationToken)) return NotInInbox(id);
        return TypedResults.Ok(new UnreadAnswer(unread));
    }

    private static async Task<IResult> MarkAllReadAsync(ClaimsPrincipal user, InboxChanges inbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnreadAnswer(await inbox.MarkAllReadAsync(UserOf(user), cancellationToken)));

    private static async Task<IResult> ClearAsync(ClaimsPrincipal user, InboxChanges inbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnreadAnswer(await inbox.ClearAsync(UserOf(user), cancellationToken)));

    internal static IResult NotInInbox(string id) => Problems.NotFound($"No notification {id} in your inbox.");

    internal static string UserOf(ClaimsPrincipal user) =>
        user.UserId() ?? throw new InvalidOperationException("An authenticated user always has a subject.");

    /// <summary>What every action answers: the inbox view's unread count once it is done.</summary>
    internal sealed record UnreadAnswer(int UnreadCount);
}
