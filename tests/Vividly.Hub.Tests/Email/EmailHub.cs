using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MimeKit;
using Vividly.Hub.Channels;
using Vividly.Hub.Client.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Email;
using Vividly.Hub.Tests.Functional;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Email;

/// <summary>The hub with email on, sending to a real SMTP server on loopback, and delivery events recorded.</summary>
public sealed class EmailHub : IAsyncLifetime
{
    public const string AppUrl = "https://app.vividly.test";
    public const string WebhookSecret = "webhook-secret-for-the-tests-0123";

    public SmtpServer Smtp { get; private set; } = null!;

    public HubFactory Hub { get; private set; } = null!;

    public RecordingDeliveryEvents Events { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Smtp = await SmtpServer.StartNewAsync();
        Hub = new HubFactory()
            .With("SMTP_URL", Smtp.Url).With("EMAIL_FROM", "notifications@vividly.test").With("EMAIL_FROM_NAME", "Vividly")
            .With("APP_URL", AppUrl).With("EMAIL_WEBHOOK_SECRET", WebhookSecret).With("EMAIL_LINK_ALLOWED_HOSTS", "help.vividly.test")
            .WithServices(services => services.AddSingleton<IDeliveryEvents>(Events));
    }

    public T Service<T>() where T : notnull => Hub.Services.GetRequiredService<T>();

    /// <summary>A client that does not follow redirects, so a 302 is seen as answered.</summary>
    public HttpClient Anonymous() => Hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task SetAddressAsync(string userId, string email)
    {
        using var publisher = Hub.CreateHttp(TestTokens.Publisher());
        using var answer = await publisher.PutAsync($"/api/v1/users/{userId}/email",
            new StringContent($$"""{ "email": "{{email}}" }""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        answer.EnsureSuccessStatusCode();
    }

    public static Notification Completed(string userId, string title = "Your video is ready", string message = "Photosynthesis explained") =>
        new($"n-{Guid.NewGuid():N}", 1, userId, NotificationTypes.GenerationCompleted, title, message, "normal",
            new JsonObject { ["content_request_id"] = "req_123", ["content_id"] = "vid_456" }, DateTimeOffset.UtcNow, null, null, null, null);

    public static string NewDeliveryId() => $"dlv-{Guid.NewGuid():N}";

    /// <summary>Sends through the hub's own sender and answers the message as the SMTP server received it.</summary>
    public async Task<MimeMessage> SendAndReceiveAsync(ChannelMessage message)
    {
        var before = Smtp.Messages.Count;
        var outcome = await Service<EmailSender>().SendAsync(message, TestContext.Current.CancellationToken);
        Assert.IsType<SendOutcome.Sent>(outcome);
        var all = await Smtp.WaitForMessagesAsync(before + 1);
        return all.Select(bytes => MimeMessage.Load(new MemoryStream(bytes))).Single(m => m.MessageId == $"{message.DeliveryId}@vividly");
    }

    /// <summary>A user's token with an <c>email</c> claim, as an identity provider would issue it.</summary>
    public static string TokenWithEmail(string userId, string email) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = HubTokenSettings.DefaultIssuer,
        Audience = HubTokenSettings.DefaultAudience,
        Claims = new Dictionary<string, object> { ["sub"] = userId, ["email"] = email },
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestTokens.Secret)), SecurityAlgorithms.HmacSha256),
    });

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
