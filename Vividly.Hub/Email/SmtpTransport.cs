using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Vividly.Hub.Channels;

namespace Vividly.Hub.Email;

/// <summary>
/// Hands messages to the SMTP server of <c>SMTP_URL</c>, one connection per message, and says
/// what came of it: accepted, worth retrying (no connection, a 4xx reply) or not (a 5xx reply).
/// </summary>
public sealed partial class SmtpTransport(IOptions<EmailOptions> options, ILogger<SmtpTransport> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly SmtpEndpoint _endpoint = SmtpEndpoint.Parse(options.Value.SmtpUrl!, out _)
        ?? throw new InvalidOperationException("SMTP_URL was checked at start.");

    public async Task<SendOutcome> SendAsync(string deliveryId, MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_endpoint.Host, _endpoint.Port, _endpoint.Security, cancellationToken);
            if (_endpoint.User is not null) await client.AuthenticateAsync(_endpoint.User, _endpoint.Password ?? "", cancellationToken);
            var reply = await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            return new SendOutcome.Sent(reply);
        }
        catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500)
        {
            LogRefused(logger, deliveryId, (int)refused.StatusCode, refused.ErrorCode, refused.Message);
            return new SendOutcome.Failed($"SMTP {(int)refused.StatusCode}: {refused.Message}");
        }
        catch (SmtpCommandException deferred)
        {
            var error = $"SMTP {(int)deferred.StatusCode}: {deferred.Message}";
            LogDeferred(logger, deliveryId, error);
            return new SendOutcome.RetryLater(error, null);
        }
        catch (Exception unreached) when (unreached is SocketException or IOException or TimeoutException or SmtpProtocolException
                                              or AuthenticationException or SslHandshakeException or ServiceNotConnectedException
                                              or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogDeferred(logger, deliveryId, unreached.Message);
            return new SendOutcome.RetryLater($"SMTP server: {unreached.Message}", null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {DeliveryId} refused by the SMTP server ({Status}, {ErrorCode}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string deliveryId, int status, SmtpErrorCode errorCode, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {DeliveryId} not handed over, to be retried: {Reason}")]
    private static partial void LogDeferred(ILogger logger, string deliveryId, string reason);
}
