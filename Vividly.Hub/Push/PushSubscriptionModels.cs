namespace Vividly.Hub.Push;

/// <summary>A browser's PushSubscription, checked: the keys are base64url without padding, as browsers send them.</summary>
public sealed record NewPushSubscription(string Endpoint, DateTimeOffset? ExpirationTime, string P256dh, string Auth, string? UserAgent);

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
