namespace Vividly.Hub.Push;

/// <summary>Where a message goes and the keys it is encrypted to, as a browser's PushSubscription gives them (base64url).</summary>
public sealed record PushTarget(string Endpoint, string P256dh, string Auth);
