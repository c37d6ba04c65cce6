using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Vividly.Hub.Channels;
using Vividly.Hub.Email;
using Vividly.Hub.Tests.Functional;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Email;

public sealed class EmailSendTests(EmailHub email) : IClassFixture<EmailHub>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_instant_email_arrives_with_both_bodies_escaped_html_a_watch_link_and_one_click_unsubscribe()
    {
        var user = Publishing.NewUser("mail");
        await email.SetAddressAsync(user, $"{user}@example.test");
        var deliveryId = EmailHub.NewDeliveryId();
        var notification = EmailHub.Completed(user, title: "Ready: <script>alert(1)</script>", message: "Tom & Jerry <b>explained</b>");

        var message = await email.SendAndReceiveAsync(new ChannelMessage(deliveryId, "email", notification, 1));

        Assert.Equal($"{deliveryId}@vividly", message.MessageId);
        Assert.Equal("Ready: <script>alert(1)</script>", message.Subject);
        Assert.Equal($"{user}@example.test", message.To.Mailboxes.Single().Address);
        Assert.Equal("notifications@vividly.test", message.From.Mailboxes.Single().Address);
        Assert.Equal("Vividly", message.From.Mailboxes.Single().Name);

        var html = message.HtmlBody!;
        Assert.Contains("Ready: &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Tom &amp; Jerry &lt;b&gt;explained&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("Tom & Jerry <b>explained</b>", message.TextBody!, StringComparison.Ordinal);

        // "Watch now" goes through the click redirect to the app's player for the payload's content id.
        var watch = WatchLink(html);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(watch).Query);
        Assert.Equal($"{EmailHub.AppUrl}/api/v1/email/click", watch[..watch.IndexOf('?', StringComparison.Ordinal)]);
        Assert.Equal(deliveryId, query["d"]);
        Assert.Equal($"{EmailHub.AppUrl}/video/vid_456", query["u"]);
        Assert.Contains($"Watch now: {watch}", message.TextBody!, StringComparison.Ordinal);
        Assert.Contains("/api/v1/email/open/", html, StringComparison.Ordinal);

        var unsubscribe = message.Headers["List-Unsubscribe"];
        Assert.Matches($"^<{EmailHub.AppUrl}/api/v1/email/unsubscribe\\?token=[A-Za-z0-9_.-]+>$", unsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Contains(deliveryId, message.Headers[EmailComposer.ProviderArgumentsHeader], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_lists_every_notification_in_one_email()
    {
        var user = Publishing.NewUser("digest");
        await email.SetAddressAsync(user, $"{user}@example.test");
        var deliveryId = EmailHub.NewDeliveryId();
        var first = EmailHub.Completed(user, title: "Video one", message: "About <cells>") with { Seq = 1 };
        var second = EmailHub.Completed(user, title: "Video two", message: "About stars") with { Seq = 2 };
        var before = email.Smtp.Messages.Count;

        var outcome = await email.Service<EmailSender>().SendDigestAsync(deliveryId, user, "daily", [second, first], Cancel);

        Assert.IsType<SendOutcome.Sent>(outcome);
        var message = (await email.Smtp.WaitForMessagesAsync(before + 1)).Select(b => MimeMessage.Load(new MemoryStream(b)))
            .Single(m => m.MessageId == $"{deliveryId}@vividly");
        Assert.Equal("Your daily summary: 2 new notifications", message.Subject);
        Assert.Contains("About &lt;cells&gt;", message.HtmlBody!, StringComparison.Ordinal);
        Assert.True(message.TextBody!.IndexOf("Video one", StringComparison.Ordinal) < message.TextBody!.IndexOf("Video two", StringComparison.Ordinal));
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public async Task Smtp_replies_become_send_outcomes()
    {
        var sender = email.Service<EmailSender>();
        async Task<SendOutcome> SendToAsync(string? address)
        {
            var user = Publishing.NewUser("outcome");
            if (address is not null) await email.SetAddressAsync(user, address);
            return await sender.SendAsync(new ChannelMessage(EmailHub.NewDeliveryId(), "email", EmailHub.Completed(user), 1), Cancel);
        }

        Assert.IsType<SendOutcome.Failed>(await SendToAsync("reject-me@example.test"));
        Assert.IsType<SendOutcome.RetryLater>(await SendToAsync("defer-me@example.test"));
        Assert.Equal("no email address", Assert.IsType<SendOutcome.Unreachable>(await SendToAsync(null)).Reason);
    }

    [Fact]
    public async Task No_smtp_server_listening_is_worth_a_retry()
    {
        var options = Options.Create(new EmailOptions { SmtpUrl = $"smtp://127.0.0.1:{FreePort.Next()}" });
        var transport = new SmtpTransport(options, NullLogger<SmtpTransport>.Instance);
        var message = new MimeMessage { Subject = "x", Body = new TextPart("plain") { Text = "x" } };
        message.From.Add(MailboxAddress.Parse("from@example.test"));
        message.To.Add(MailboxAddress.Parse("to@example.test"));

        Assert.IsType<SendOutcome.RetryLater>(await transport.SendAsync("dlv-down", message, Cancel));
    }

    [Fact]
    public void Email_settings_are_checked_at_start()
    {
        var validator = new EmailOptionsValidator();
        Assert.True(validator.Validate(null, new EmailOptions()).Succeeded);
        var failures = validator.Validate(null, new EmailOptions { SmtpUrl = "http://mail.example.test", From = "not an address" }).Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("SMTP_URL", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("EMAIL_FROM", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("APP_URL", StringComparison.Ordinal));
        Assert.True(validator.Validate(null, new EmailOptions
        {
            SmtpUrl = "smtps://user:p%40ss@mail.example.test", From = "n@example.test", AppUrl = "https://app.example.test",
        }).Succeeded);
        var endpoint = SmtpEndpoint.Parse("smtps://user:p%40ss@mail.example.test", out _)!;
        Assert.Equal((465, "user", "p@ss"), (endpoint.Port, endpoint.User, endpoint.Password));
    }

    [Fact]
    public void Without_app_url_a_hub_with_smtp_does_not_start()
    {
        using var hub = new HubFactory().With("SMTP_URL", "smtp://127.0.0.1:25").With("EMAIL_FROM", "n@example.test");
        var failure = Assert.ThrowsAny<Exception>(() => hub.CreateClient());
        Assert.Contains("APP_URL", failure.ToString(), StringComparison.Ordinal);
    }

    internal static string WatchLink(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "<a href=\"([^\"]+)\"[^>]*>Watch now</a>");
        Assert.True(match.Success, "the HTML has a Watch now link");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
