using System.Globalization;
using System.Text.RegularExpressions;

namespace Vividly.Hub.Inbox;

/// <summary>When a snooze may end: an RFC 3339 time at least <see cref="MinAhead"/> and at most <see cref="MaxAhead"/> from now.</summary>
public static partial class SnoozeTimes
{
    public static readonly TimeSpan MinAhead = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(30);

    /// <summary>The time <paramref name="raw"/> names, or null with <paramref name="error"/> saying why not.</summary>
    public static DateTimeOffset? Parse(string? raw, DateTimeOffset now, out string error)
    {
        error = "";
        // RFC 3339 only: a date, a time and an offset, nothing the framework's lenient parser would guess at.
        if (raw is null || !Rfc3339().IsMatch(raw) ||
            !DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var until))
        {
            error = "until must be an RFC 3339 time with an offset, like 2026-11-24T09:00:00Z.";
            return null;
        }
        if (until < now + MinAhead || until > now + MaxAhead)
        {
            error = $"until must be at least {MinAhead.TotalMinutes:0} minute and at most {MaxAhead.TotalDays:0} days ahead.";
            return null;
        }
        return until;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?([Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
