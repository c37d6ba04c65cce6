using Microsoft.Extensions.Caching.Memory;
using Vividly.Hub.Auth;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Email;

/// <summary>
/// Keeps <c>user_emails</c> up to date with the <c>email</c> claim of each signed-in caller's
/// token. The address last stored for a user is remembered per instance, so the database is
/// written only when a claim differs from it, not on every request.
/// </summary>
public sealed partial class EmailClaimCapture(UserEmailStore addresses, ILogger<EmailClaimCapture> logger) : IMiddleware, IDisposable
{
    private readonly MemoryCache _stored = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.User.UserId() is { } userId && context.User.FindFirst(UserClaims.Email)?.Value is { } email
            && EmailAddresses.IsValid(email) && !(_stored.TryGetValue(userId, out string? known) && known == EmailAddresses.Normalize(email)))
        {
            try
            {
                await addresses.PutAsync(userId, email, EmailSources.Token, context.RequestAborted);
                _stored.Set(userId, EmailAddresses.Normalize(email), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
            }
            catch (StoreUnavailableException unavailable)
            {
                // The request does not need the address; the next one stores it.
                LogNotStored(logger, userId, unavailable.Message);
            }
        }
        await next(context);
    }

    public void Dispose() => _stored.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "The email claim of {UserId} was not stored: {Reason}")]
    private static partial void LogNotStored(ILogger logger, string userId, string reason);
}
