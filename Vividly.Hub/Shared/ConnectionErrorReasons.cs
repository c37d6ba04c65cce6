namespace Vividly.Hub.Shared;

/// <summary>The <c>reason</c> of a <c>vividly.hub.connection.errors</c> count.</summary>
public static class ConnectionErrorReasons
{
    /// <summary>Answered 401 or 403: no token, a bad or expired one, another user's stream.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>Answered 429 or 503: the user's connection limit, notifications switched off, a draining instance, the store away.</summary>
    public const string Refused = "refused";

    /// <summary>Answered another 4xx: an unknown or finished connection id, a malformed request.</summary>
    public const string Rejected = "rejected";

    /// <summary>Answered 500 or another 5xx.</summary>
    public const string Failed = "failed";

    /// <summary>Admitted, but it could not start (its inbox state could not be read); closed so that it reconnects.</summary>
    public const string StartFailed = "start_failed";

    /// <summary>A live write to an open connection's transport threw.</summary>
    public const string SendFailed = "send_failed";

    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => Unauthorized,
        StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable => Refused,
        >= 500 => Failed,
        _ => Rejected,
    };
}
