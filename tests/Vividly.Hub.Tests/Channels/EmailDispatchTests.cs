using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MimeKit;
using Vividly.Hub.Channels;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Tests.Email;
using Vividly.Hub.Tests.Functional;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Channels;

/// <summary>A publish routed by the hub's own dispatcher to its SMTP sender and a real SMTP server on loopback.</summary>
public sealed class EmailDispatchTests(EmailHub email) : IClassFixture<EmailHub>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<JsonObject> EmailDeliveryAsync(string userId, string notificationId, string status)
    {
        using var http = email.Hub.CreateHttp(TestTokens.Student(userId));
        JsonObject? found = null;
        await Eventually.AssertAsync(async () =>
        {
            var answer = await http.GetFromJsonAsync<JsonObject>($"{Routes.Notifications}/{notificationId}/deliveries", Cancel);
            found = answer!["deliveries"]!.AsArray().Select(d => d!.AsObject()).SingleOrDefault(d => d["channel"]!.GetValue<string>() == "email");
            return found?["status"]?.GetValue<string>() == status;
        }, TimeSpan.FromSeconds(20), $"the email delivery becomes {status}");
        return found!;
    }

    [Fact]
    public async Task A_user_with_an_address_is_sent_the_email_carrying_its_delivery_id()
    {
        var user = Publishing.NewUser("dispatch");
        await email.SetAddressAsync(user, $"{user}@example.test");
        var before = email.Smtp.Messages.Count;

        var published = await email.Hub.PublishAsync(Publishing.Request(user));
        var delivery = await EmailDeliveryAsync(user, published.Id, DeliveryStatuses.Sent);

        var deliveryId = delivery["id"]!.GetValue<string>();
        var messages = (await email.Smtp.WaitForMessagesAsync(before + 1)).Select(bytes => MimeMessage.Load(new MemoryStream(bytes)));
        var message = Assert.Single(messages, m => m.MessageId == $"{deliveryId}@vividly");
        Assert.Equal($"{user}@example.test", message.To.Mailboxes.Single().Address);
        Assert.Equal(1, delivery["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_user_without_an_address_is_skipped_as_no_address()
    {
        var user = Publishing.NewUser("dispatch-none");
        var published = await email.Hub.PublishAsync(Publishing.Request(user));

        var delivery = await EmailDeliveryAsync(user, published.Id, DeliveryStatuses.Skipped);

        Assert.Equal(DeliveryReasons.NoAddress, delivery["reason"]!.GetValue<string>());
    }
}
