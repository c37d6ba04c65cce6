using System.Globalization;
using System.Text.RegularExpressions;

namespace Vividly.Hub.Client.Contract;

/// <summary>
/// How a hub invocation says "not now, try again": the hub's <c>HubException</c> message carries
/// <see cref="Unavailable"/> and a retry-after in whole seconds, the hub's equivalent of HTTP's
/// 503 with <c>Retry-After</c>. SignalR prefixes the message on its way to the client, so clients
/// look for the marker anywhere in it.
/// </summary>
public static partial class HubErrors
{
    public const string Unavailable = "Unavailable (retryable):";

    /// <summary>For example "Unavailable (retryable): The inbox store did not answer within 2000 ms. Retry after 2 s."</summary>
    public static string UnavailableMessage(string detail, int retryAfterSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{Unavailable} {detail} Retry after {retryAfterSeconds} s.");

    /// <summary>True when <paramref name="message"/> says the call may be retried, and after how long.</summary>
    public static bool IsUnavailable(string message, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!message.Contains(Unavailable, StringComparison.Ordinal)) return false;
        if (RetryAfter().Match(message) is { Success: true } match)
            retryAfter = TimeSpan.FromSeconds(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        return true;
    }

    [GeneratedRegex(@"Retry after (\d{1,4}) s\.")]
    private static partial Regex RetryAfter();
}
