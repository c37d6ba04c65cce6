namespace Vividly.Integration.Tests;

public sealed class BackplaneTests : IAsyncLifetime
{
    private ScaleOut _cluster = null!;
    private readonly HttpPublisher _publisher = new();

    public async ValueTask InitializeAsync() => _cluster = await ScaleOut.StartAsync(instances: 2);

    public async ValueTask DisposeAsync()
    {
        _publisher.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_client_on_one_instance_receives_what_was_published_through_another()
    {
        await using var device = await Device.ConnectAsync(_cluster.Hubs[0].BaseUrl, "cross-instance");
        Assert.Equal("hub-1", device.Connections[0].InstanceId);

        for (var i = 1; i <= 10; i++) await _publisher.PublishAsync(_cluster.Hubs[1].BaseUrl, HttpPublisher.Request("cross-instance", $"n{i}"));
        await device.CountAsync(10);

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), device.Notifications.Select(n => n.Seq));
    }

    [Fact]
    public async Task A_user_on_both_instances_gets_each_notification_on_both_once()
    {
        await using var phone = await Device.ConnectAsync(_cluster.Hubs[0].BaseUrl, "two-devices");
        await using var laptop = await Device.ConnectAsync(_cluster.Hubs[1].BaseUrl, "two-devices");
        Assert.NotEqual(phone.Connections[0].InstanceId, laptop.Connections[0].InstanceId);

        for (var i = 1; i <= 20; i++)
            await _publisher.PublishAsync(_cluster.Hubs[i % 2].BaseUrl, HttpPublisher.Request("two-devices", $"n{i}"));
        await phone.CountAsync(20);
        await laptop.CountAsync(20);

        var expected = Enumerable.Range(1, 20).Select(i => (long)i).ToList();
        Assert.Equal(expected, phone.Notifications.Select(n => n.Seq));
        Assert.Equal(expected, laptop.Notifications.Select(n => n.Seq));
    }

    [Fact]
    public async Task Seqs_stay_gap_free_when_instances_publish_for_one_user_at_once()
    {
        await using var device = await Device.ConnectAsync(_cluster.Hubs[0].BaseUrl, "racing");
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            _publisher.PublishAsync(_cluster.Hubs[i % 2].BaseUrl, HttpPublisher.Request("racing", $"n{i}"))));
        await device.CountAsync(40);

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), results.Select(r => r.Seq).Order());
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), device.Notifications.Select(n => n.Seq).Order());
        Assert.Equal(40, device.Notifications.Select(n => n.Seq).Distinct().Count());
    }
}
