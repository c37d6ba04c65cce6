using System.Diagnostics;

namespace Vividly.Hub.Shared;

/// <summary>The hub's own spans: a publish, its inbox append and its live send.</summary>
public static class HubActivities
{
    public const string SourceName = "Vividly.Hub";

    public static readonly ActivitySource Source = new(SourceName);
}
