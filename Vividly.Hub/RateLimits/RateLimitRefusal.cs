using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace Vividly.Hub.RateLimits;

/// <summary>How a refused lease is answered: which limit, and when to try again.</summary>
public static class RateLimitRefusal
{
    /// <summary>Whole seconds, at least one: Retry-After carries no fractions and 0 invites a retry storm.</summary>
    public static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;

    /// <summary>For example "At most 100 publishes per second to one user (bursts of 200); retry after 1 s."</summary>
    public static string Detail(RateLimitLease lease)
    {
        var limit = lease.TryGetMetadata(MetadataName.ReasonPhrase, out var reason) && reason is not null ? reason : "Too many requests";
        return string.Create(CultureInfo.InvariantCulture, $"{limit}; retry after {RetryAfterSeconds(lease)} s.");
    }

    /// <summary>429 with <c>Retry-After</c> and a problem-details body naming the limit.</summary>
    public static IResult Answer(HttpResponse response, RateLimitLease lease)
    {
        response.Headers.RetryAfter = RetryAfterSeconds(lease).ToString(CultureInfo.InvariantCulture);
        return Problems.TooMany(Detail(lease));
    }

    /// <summary>The 429 answer when <paramref name="lease"/> was refused, else null; either way the lease is done with.</summary>
    public static IResult? AnswerIfRefused(HttpResponse response, RateLimitLease lease)
    {
        using (lease) return lease.IsAcquired ? null : Answer(response, lease);
    }

    /// <summary>Over the hub a refusal fails the invocation only; the connection stays open.</summary>
    public static void ThrowIfRefused(RateLimitLease lease)
    {
        using (lease)
        {
            if (!lease.IsAcquired) throw new HubException($"Rate limited: {Detail(lease)}");
        }
    }
}
