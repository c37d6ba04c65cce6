using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>The hub on a clock the tests hold still, so a snooze's bounds can be tested to the millisecond.</summary>
public sealed class ClockedHub : IDisposable
{
    /// <summary>Whole milliseconds, as the wire and the store write times.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    public HubFactory Hub { get; }

    public ClockedHub() => Hub = new HubFactory().WithServices(services => services.AddSingleton<TimeProvider>(Time));

    public void Dispose() => Hub.Dispose();
}
