using System.Diagnostics;

namespace Vividly.Worker;

/// <summary>The worker's own spans: a content request, each of its stages and each publish to the hub.</summary>
public static class WorkerActivities
{
    public const string SourceName = "Vividly.Worker";

    public static readonly ActivitySource Source = new(SourceName);
}
