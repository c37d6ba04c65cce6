using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Vividly.Hub.Channels;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Email.Digests;
using Vividly.Hub.Inbox;
using Vividly.Hub.Preferences;
using Vividly.Hub.Tests.Functional;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Email.Digests;

/// <summary>
/// A digest end to end: publishes routed by the hub's dispatcher into an hourly digest, one read in
/// the app, then the digest job an hour on (a fake clock) sending through the hub's SMTP sender to
/// a real SMTP server.
/// </summary>
public sealed class DigestSmtpTests(EmailHub email) : IClassFixture<EmailHub>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task AwaitDigestAsync(string user, string notificationId)
    {
        using var http = email.Hub.CreateHttp(TestTokens.Student(user));
        await Eventually.AssertAsync(async () =>
        {
            var answer = await http.GetFromJsonAsync<JsonObject>($"{Routes.Notifications}/{notificationId}/deliveries", Cancel);
            return answer!["deliveries"]!.AsArray().Any(d => d!["channel"]!.GetValue<string>() == "email" && d["status"]!.GetValue<string>() == DeliveryStatuses.Digest);
        }, TimeSpan.FromSeconds(20), "the email delivery waits for the digest");
    }

    [Fact]
    public async Task The_hourly_digest_reaches_the_smtp_server_with_the_unread_items_only()
    {
        var user = Publishing.NewUser("digest");
        await email.SetAddressAsync(user, $"{user}@example.test");
        await email.Service<IPreferencesStore>().PutAsync(user,
            UserPreferences.Default with { All = new ChannelPreferences(ChannelChoices.Unset, EmailCadences.Hourly) }, Cancel);
        var kept = await email.Hub.PublishAsync(Publishing.Request(user, "Photosynthesis is ready"));
        var read = await email.Hub.PublishAsync(Publishing.Request(user, "Mitosis is ready"));
        await AwaitDigestAsync(user, kept.Id);
        await AwaitDigestAsync(user, read.Id);
        await email.Service<IInboxStore>().MarkReadAsync(user, [read.Id], Cancel);
        var before = email.Smtp.Messages.Count;

        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1));
        var job = new DigestJob(new DigestStore(email.Service<GuardedInboxDatabase>(), time), email.Service<IPreferencesStore>(),
            email.Service<IDigestSender>(), Options.Create(new DigestOptions()), email.Service<IOptions<DispatcherOptions>>(),
            email.Service<DeliveryMetrics>(), time, NullLogger<DigestJob>.Instance);
        await job.RunAsync(Cancel);

        var message = (await email.Smtp.WaitForMessagesAsync(before + 1)).Skip(before)
            .Select(bytes => MimeMessage.Load(new MemoryStream(bytes))).Single(m => m.To.Mailboxes.Single().Address == $"{user}@example.test");
        Assert.EndsWith("@vividly", message.MessageId, StringComparison.Ordinal);
        Assert.Contains("Photosynthesis is ready", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Mitosis is ready", message.TextBody, StringComparison.Ordinal);
        using var http = email.Hub.CreateHttp(TestTokens.Student(user));
        var answer = await http.GetFromJsonAsync<JsonObject>($"{Routes.Notifications}/{kept.Id}/deliveries", Cancel);
        Assert.Equal(DeliveryStatuses.Sent, answer!["deliveries"]!.AsArray().Single(d => d!["channel"]!.GetValue<string>() == "email")!["status"]!.GetValue<string>());
    }
}
