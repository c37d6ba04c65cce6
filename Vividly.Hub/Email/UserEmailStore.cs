using System.Globalization;
using Vividly.Hub.Inbox;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Email;

/// <summary>A user's address, where it came from and, once the provider reported it bounced or was marked spam, since when it is suppressed.</summary>
public sealed record UserEmail(string Email, string Source, DateTimeOffset UpdatedAt, DateTimeOffset? SuppressedAt, string? SuppressedReason);

/// <summary>Where an address came from.</summary>
public static class EmailSources
{
    /// <summary>The <c>email</c> claim of the user's own token.</summary>
    public const string Token = "token";

    /// <summary>Set by a publisher through <c>PUT /api/v1/users/{user_id}/email</c>; a token's claim does not replace it.</summary>
    public const string Api = "api";
}

/// <summary>
/// The <c>user_emails</c> table, in the inbox's database under its guard (a stall answers 503,
/// as the inbox does). The same SQL runs on SQLite and PostgreSQL.
/// </summary>
public sealed class UserEmailStore(IInboxDatabase database, GuardedInboxStore guard, TimeProvider timeProvider)
{
    public Task<UserEmail?> GetAsync(string userId, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => database.ReadAsync(async connection =>
        {
            await using var command = Command(connection, null,
                "SELECT email, source, updated_at, suppressed_at, suppressed_reason FROM user_emails WHERE user_id = @user", ("user", userId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            return new UserEmail(reader.GetString(0), reader.GetString(1), Time(reader.GetValue(2))!.Value,
                Time(reader.GetValue(3)), reader.IsDBNull(4) ? null : reader.GetString(4));
        }, ct), cancellationToken);

    /// <summary>Whether email can reach the user: an address is known and not suppressed.</summary>
    public async Task<bool> HasAddressAsync(string userId, CancellationToken cancellationToken) =>
        await GetAsync(userId, cancellationToken) is { SuppressedAt: null };

    /// <summary>
    /// Stores the address; a new address is not suppressed. A <see cref="EmailSources.Token"/>
    /// address does not replace one a publisher set. Answers whether a row changed.
    /// </summary>
    public Task<bool> PutAsync(string userId, string email, string source, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var address = EmailAddresses.Normalize(email);
        return guard.RunAsync(ct => database.WriteAsync(async (connection, transaction) =>
            await ExecuteAsync(Command(connection, transaction,
                """
                INSERT INTO user_emails (user_id, email, source, updated_at) VALUES (@user, @email, @source, @now)
                ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, source = excluded.source, updated_at = excluded.updated_at,
                    suppressed_at = CASE WHEN user_emails.email = excluded.email THEN user_emails.suppressed_at END,
                    suppressed_reason = CASE WHEN user_emails.email = excluded.email THEN user_emails.suppressed_reason END
                WHERE (user_emails.email <> excluded.email OR user_emails.source <> excluded.source)
                    AND (excluded.source = 'api' OR user_emails.source = 'token')
                """,
                ("user", userId), ("email", address), ("source", source), ("now", now)), ct) > 0, ct), cancellationToken);
    }

    /// <summary>No more email to <paramref name="email"/>, whoever has it; answers the users it belongs to.</summary>
    public Task<IReadOnlyList<string>> SuppressAsync(string email, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => database.WriteAsync(async (connection, transaction) =>
        {
            var address = EmailAddresses.Normalize(email);
            await ExecuteAsync(Command(connection, transaction,
                "UPDATE user_emails SET suppressed_at = @at, suppressed_reason = @reason WHERE email = @email AND suppressed_at IS NULL",
                ("email", address), ("reason", reason), ("at", at.ToUnixTimeMilliseconds())), ct);
            return await UsersAsync(Command(connection, transaction, "SELECT user_id FROM user_emails WHERE email = @email", ("email", address)), ct);
        }, ct), cancellationToken);

    /// <summary>The users whose address is <paramref name="email"/>.</summary>
    public Task<IReadOnlyList<string>> UsersWithAsync(string email, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => database.ReadAsync(connection =>
            UsersAsync(Command(connection, null, "SELECT user_id FROM user_emails WHERE email = @email", ("email", EmailAddresses.Normalize(email))), ct), ct),
            cancellationToken);

    private static async Task<IReadOnlyList<string>> UsersAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var users = new List<string>();
            while (await reader.ReadAsync(cancellationToken)) users.Add(reader.GetString(0));
            return users;
        }
    }

    private static DateTimeOffset? Time(object value) =>
        value is DBNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, CultureInfo.InvariantCulture));
}
