namespace Vividly.Hub.Push;

/// <summary>A browser's PushSubscription as it was sent, checked: the keys are base64url as the browser gave them.</summary>
public sealed record NewPushSubscription(string Endpoint, DateTimeOffset? ExpirationTime, string P256dh, string Auth, string? UserAgent)
{
    public PushTarget Target => new(Endpoint, P256dh, Auth);
}

/// <summary>A stored subscription and how sending to it has gone.</summary>
public sealed record StoredPushSubscription(
    string Endpoint,
    string UserId,
    string P256dh,
    string Auth,
    string? UserAgent,
    DateTimeOffset? ExpirationTime,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSuccessAt,
    int FailureCount)
{
    public PushTarget Target => new(Endpoint, P256dh, Auth);
}
