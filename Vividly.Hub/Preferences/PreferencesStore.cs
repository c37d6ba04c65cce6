using System.Globalization;
using System.Text.Json;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Preferences;

/// <summary>
/// The <c>preferences</c> table on either engine: the same SQL runs on SQLite and PostgreSQL,
/// over the inbox's own connections (and, on SQLite, its one writer).
/// </summary>
public sealed class PreferencesStore(IInboxDatabase database, TimeProvider timeProvider) : IPreferencesStore
{
    public Task<StoredPreferences?> GetAsync(string userId, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, "SELECT document, updated_at FROM preferences WHERE user_id = @user", ("user", userId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return null;
            var settings = JsonSerializer.Deserialize<UserPreferences>(reader.GetString(0), ContractJson.Options)
                ?? throw new InvalidDataException($"The preferences of {userId} are stored as null.");
            return new StoredPreferences(settings, DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)));
        }, cancellationToken);

    public Task<DateTimeOffset> PutAsync(string userId, UserPreferences settings, CancellationToken cancellationToken)
    {
        // Whole milliseconds, as stored, so the answer to this PUT and a later GET agree.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        var document = JsonSerializer.Serialize(settings, ContractJson.Options);
        return database.WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(Command(connection, transaction,
                """
                INSERT INTO preferences (user_id, document, updated_at) VALUES (@user, @document, @updated)
                ON CONFLICT (user_id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
                """,
                ("user", userId), ("document", document), ("updated", now.ToUnixTimeMilliseconds())), cancellationToken);
            return now;
        }, cancellationToken);
    }
}
