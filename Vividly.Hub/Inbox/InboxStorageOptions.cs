using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Inbox;

/// <summary>Where the inbox lives: PostgreSQL when <c>DATABASE_URL</c> is set, else an embedded SQLite file.</summary>
public sealed class InboxStorageOptions
{
    [ConfigurationKeyName("DATABASE_URL")]
    public string? DatabaseUrl { get; set; }

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(DatabaseUrl);

    [ConfigurationKeyName("INBOX_SQLITE_PATH")]
    public string SqlitePath { get; set; } = "vividly-inbox.db";
}
