namespace Vividly.Hub.Inbox;

// The inbox actions' bodies as the OpenAPI document describes them; InboxBodies reads them by hand.

/// <summary>The body of <c>POST /api/v1/notifications/{id}/snooze</c>: RFC 3339, 1 minute to 30 days ahead.</summary>
public sealed record SnoozeRequest(DateTimeOffset Until);

/// <summary>The body of <c>POST /api/v1/notifications/seen</c>: 1 to 100 ids.</summary>
public sealed record SeenRequest(IReadOnlyList<string> Ids);

/// <summary>The optional body of <c>POST /api/v1/notifications/requests/{content_request_id}/read</c>.</summary>
public sealed record RequestReadRequest(bool? Archive);
