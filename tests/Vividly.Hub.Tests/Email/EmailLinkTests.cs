using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Web;
using Vividly.Hub.Channels;
using Vividly.Hub.Email;
using Vividly.Hub.Tests.Functional;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Email;

public sealed class EmailLinkTests(EmailHub email) : IClassFixture<EmailHub>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A link of an email, as asked of the hub in memory.</summary>
    private static string Local(string url) => new Uri(url).PathAndQuery;

    private async Task<(string User, string DeliveryId, MimeKit.MimeMessage Message)> SentAsync()
    {
        var user = Publishing.NewUser("links");
        await email.SetAddressAsync(user, $"{user}@example.test");
        var deliveryId = EmailHub.NewDeliveryId();
        return (user, deliveryId, await email.SendAndReceiveAsync(new ChannelMessage(deliveryId, "email", EmailHub.Completed(user), 1)));
    }

    private async Task<string?> CadenceAsync(string user)
    {
        using var http = email.Hub.CreateHttp(TestTokens.Student(user));
        var answer = await http.GetFromJsonAsync<JsonObject>("/api/v1/preferences", Cancel);
        return answer!["all"]!["email_cadence"]?.GetValue<string>();
    }

    [Fact]
    public async Task One_click_unsubscribe_turns_the_email_cadence_off_and_opening_the_link_does_not()
    {
        var (user, _, message) = await SentAsync();
        var link = Local(message.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        using var http = email.Anonymous();

        using var page = await http.GetAsync(link, Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Null(await CadenceAsync(user));

        // As a mail client sends it (RFC 8058): a form body, no cookie, no token but the link's.
        using var oneClick = await http.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]), Cancel);
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal("off", await CadenceAsync(user));
    }

    [Fact]
    public async Task A_forged_or_missing_unsubscribe_token_changes_nothing()
    {
        var (user, _, message) = await SentAsync();
        var token = HttpUtility.ParseQueryString(new Uri(message.Headers["List-Unsubscribe"]!.Trim('<', '>')).Query)["token"]!;
        var otherUser = Publishing.NewUser("victim");
        // The signature of one user's token on another's id.
        var forged = $"{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(otherUser))}.{token[(token.IndexOf('.', StringComparison.Ordinal) + 1)..]}";
        using var http = email.Anonymous();

        using var forgedAnswer = await http.PostAsync($"{EmailLinks.UnsubscribePath}?token={forged}", null, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, forgedAnswer.StatusCode);
        Assert.Equal("application/problem+json", forgedAnswer.Content.Headers.ContentType?.MediaType);
        using var missing = await http.PostAsync(EmailLinks.UnsubscribePath, null, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.NotNull((await missing.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["errors"]!["token"]);
        Assert.Null(await CadenceAsync(otherUser));
        Assert.Null(await CadenceAsync(user));
    }

    [Fact]
    public async Task A_click_is_recorded_and_redirected_to_the_app()
    {
        var (_, deliveryId, message) = await SentAsync();
        using var http = email.Anonymous();

        using var answer = await http.GetAsync(Local(EmailSendTests.WatchLink(message.HtmlBody!)), Cancel);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal($"{EmailHub.AppUrl}/video/vid_456", answer.Headers.Location?.ToString());
        Assert.Equal(["clicked"], email.Events.KindsOf(deliveryId));
    }

    [Fact]
    public async Task A_click_to_a_host_not_allowed_is_refused_even_when_signed_and_a_forged_one_too()
    {
        var deliveryId = EmailHub.NewDeliveryId();
        var links = email.Service<EmailLinks>();
        using var http = email.Anonymous();
        async Task<HttpStatusCode> ClickAsync(string destination, string signature)
        {
            using var answer = await http.GetAsync(
                $"{EmailLinks.ClickPath}?d={deliveryId}&u={Uri.EscapeDataString(destination)}&sig={signature}", Cancel);
            return answer.StatusCode;
        }

        const string elsewhere = "https://evil.example/phish";
        Assert.Equal(HttpStatusCode.BadRequest, await ClickAsync(elsewhere, links.ClickSignature(deliveryId, elsewhere)));
        Assert.Equal(HttpStatusCode.BadRequest, await ClickAsync("javascript:alert(1)", links.ClickSignature(deliveryId, "javascript:alert(1)")));
        Assert.Equal(HttpStatusCode.Forbidden, await ClickAsync($"{EmailHub.AppUrl}/video/x", links.ClickSignature(deliveryId, $"{EmailHub.AppUrl}/video/y")));
        // A host EMAIL_LINK_ALLOWED_HOSTS names is allowed.
        Assert.Equal(HttpStatusCode.Redirect, await ClickAsync("https://help.vividly.test/faq", links.ClickSignature(deliveryId, "https://help.vividly.test/faq")));
        Assert.Equal(["clicked"], email.Events.KindsOf(deliveryId));
    }

    [Fact]
    public async Task The_open_pixel_records_an_open_and_a_forged_one_nothing()
    {
        var (_, deliveryId, message) = await SentAsync();
        var pixel = System.Text.RegularExpressions.Regex.Match(message.HtmlBody!, "<img src=\"([^\"]+)\"").Groups[1].Value;
        using var http = email.Anonymous();

        using var answer = await http.GetAsync(Local(WebUtility.HtmlDecode(pixel)), Cancel);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("image/gif", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["opened"], email.Events.KindsOf(deliveryId));

        var other = EmailHub.NewDeliveryId();
        var stolenSignature = pixel[(pixel.LastIndexOf('.', pixel.Length - 5) + 1)..^4];
        var forged = $"{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(other))}.{stolenSignature}";
        using var refused = await http.GetAsync($"{EmailLinks.OpenPath}/{forged}.gif", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Empty(email.Events.KindsOf(other));
    }
}
