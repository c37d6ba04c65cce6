using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Shared;
using ConnectionInfo = Vividly.Hub.Client.Contract.ConnectionInfo;

namespace Vividly.Hub.Tests.Unit;

public sealed class MeasuredClientTests
{
    [Fact]
    public async Task A_notification_written_to_the_transport_records_how_long_after_it_was_stored()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var seen = new MeasurementsOf<double>(meters, ServiceMetrics.DeliveryLatencyName);
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var written = new TaskCompletionSource();
        var client = new MeasuredClient(new StubClient(written.Task), new ServiceMetrics(meters), clock);

        var sending = client.Notification(Stored(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMilliseconds(12));
        Assert.Empty(seen.Values);
        written.SetResult();
        await sending;

        Assert.Equal([12.0], seen.Values.Select(m => m.Value));
    }

    [Fact]
    public async Task A_write_the_transport_fails_is_counted_as_a_connection_error_and_still_thrown()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var errors = new MeasurementsOf<long>(meters, ServiceMetrics.ConnectionErrorsName);
        using var latency = new MeasurementsOf<double>(meters, ServiceMetrics.DeliveryLatencyName);
        var client = new MeasuredClient(new StubClient(Task.FromException(new IOException("reset"))), new ServiceMetrics(meters), TimeProvider.System);

        await Assert.ThrowsAsync<IOException>(() => client.Notification(Stored(DateTimeOffset.UtcNow)));
        await Assert.ThrowsAsync<IOException>(() => client.ResumeRequested(new ResumeRequest("test")));

        Assert.Equal(2, errors.Values.Count);
        Assert.All(errors.Values, m => Assert.Equal(ConnectionErrorReasons.SendFailed, m.Tags["reason"]));
        Assert.Empty(latency.Values);
    }

    private static Notification Stored(DateTimeOffset at) => new("n1", 1, "u", NotificationTypes.SystemAnnouncement, "t", "m", "normal", null, at, null, null, null, null);

    private sealed class StubClient(Task write) : INotificationClient
    {
        public Task ConnectionEstablished(ConnectionInfo info) => write;

        public Task Notification(Notification notification) => write;

        public Task InboxChanged(InboxChange change) => write;

        public Task ResumeRequested(ResumeRequest request) => write;
    }
}
