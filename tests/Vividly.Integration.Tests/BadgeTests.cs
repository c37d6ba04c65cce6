using System.Net;
using System.Net.Http.Headers;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>A user's unread count follows reads made on any of their devices, whichever instance holds each.</summary>
[Collection(HeavyLoad.Name)]
public sealed class BadgeTests
{
    [Fact]
    public async Task Reading_on_one_device_drops_the_badge_on_another_device_on_another_instance()
    {
        await using var cluster = await ScaleOut.StartAsync(2);
        await using var phone = await Device.ConnectAsync(cluster.Hubs[0].BaseUrl, "badge");
        await using var laptop = await Device.ConnectAsync(cluster.Hubs[1].BaseUrl, "badge");
        using var publisher = new HttpPublisher();
        for (var i = 1; i <= 3; i++) await publisher.PublishAsync(cluster.Hubs[0].BaseUrl, HttpPublisher.Request("badge", $"n{i}"));
        await phone.Got.CountAsync(3);
        await laptop.Got.CountAsync(3);

        var unread = await phone.Client.MarkReadAsync([phone.Got.Notifications[0].Id, phone.Got.Notifications[1].Id]);
        Assert.Equal(1, unread);
        await Eventually.AssertAsync(() => laptop.Got.Changes.Any(c => c.UnreadCount == 1), TimeSpan.FromSeconds(10), "the laptop's badge drops to 1");
        var read = laptop.Got.Changes.First(c => c.UnreadCount == 1);
        Assert.Equal(2, read.ReadIds.Count);
        Assert.All(read.Updated, state => Assert.NotNull(state.ReadAt));
        Assert.Equal(read.ReadIds.Order(), read.Updated.Select(state => state.Id).Order());

        // Archiving the unread one empties the badge: the count is the inbox view's.
        var last = phone.Got.Notifications[2].Id;
        Assert.Equal(0, await phone.Client.ArchiveAsync([last]));
        await Eventually.AssertAsync(() => laptop.Got.Changes.Any(c => c.Updated.Any(state => state.Id == last && state.ArchivedAt is not null) && c.UnreadCount == 0),
            TimeSpan.FromSeconds(10), "the laptop hears the archive across instances");
        Assert.Equal(1, await laptop.Client.UnarchiveAsync([last]));

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Student("badge"));
        using (var all = await http.PostAsync(new Uri(cluster.Hubs[1].BaseUrl, Routes.ReadAll), null))
            Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        await Eventually.AssertAsync(() => phone.Got.Changes.Any(c => c.AllRead && c.UnreadCount == 0), TimeSpan.FromSeconds(10), "the phone's badge clears");
    }
}
