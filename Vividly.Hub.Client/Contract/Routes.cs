namespace Vividly.Hub.Client.Contract;

/// <summary>The hub's HTTP paths, for the hub that maps them and the clients and tests that call them.</summary>
public static class Routes
{
    /// <summary>
    /// The inbox: <c>GET</c> lists a view of it (<see cref="InboxViews"/>), <c>DELETE</c> clears it;
    /// <c>/{id}/read</c>, <c>/{id}/unread</c>, <c>/{id}/archive</c> and <c>/{id}/snooze</c> act on one.
    /// </summary>
    public const string Notifications = "/api/v1/notifications";

    public const string Publish = Notifications + "/publish";

    /// <summary>Up to <see cref="PublishBatchRequest.MaxRequests"/> publishes in one request.</summary>
    public const string PublishBatch = Publish + "/batch";

    public const string ReadAll = Notifications + "/read-all";

    /// <summary>Archives every read notification of the inbox view.</summary>
    public const string ArchiveRead = Notifications + "/archive-read";

    /// <summary>Marks the listed notifications seen.</summary>
    public const string Seen = Notifications + "/seen";

    /// <summary><c>/{content_request_id}/read</c> marks every notification of that request read.</summary>
    public const string Requests = Notifications + "/requests";

    /// <summary>The inbox's newest notifications, as the first contract names the listing.</summary>
    public const string History = Notifications + "/history";

    /// <summary>The plain Server-Sent Events stream (EventSource, <c>curl -N</c>); <c>/{user_id}</c> names the caller.</summary>
    public const string Stream = Notifications + "/stream";

    /// <summary>A short-lived, one-time ticket that opens <see cref="Stream"/> without a token in the URL.</summary>
    public const string StreamTicket = Stream + "/ticket";

    /// <summary>The contract's service health.</summary>
    public const string Health = Notifications + "/health";

    /// <summary>The admin view of the instance's connections.</summary>
    public const string Connections = Notifications + "/connections";

    /// <summary>SignalR's negotiate on <see cref="HubMethods.HubPath"/>.</summary>
    public const string Negotiate = HubMethods.HubPath + "/negotiate";

    /// <summary>The orchestrator's liveness probe; not part of the OpenAPI document.</summary>
    public const string Live = "/health/live";

    /// <summary>The orchestrator's readiness probe; not part of the OpenAPI document.</summary>
    public const string Ready = "/health/ready";
}
