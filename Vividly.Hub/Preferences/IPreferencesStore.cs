namespace Vividly.Hub.Preferences;

/// <summary>Each user's preferences, one document per user, in the inbox's database.</summary>
public interface IPreferencesStore
{
    /// <summary>The user's saved preferences, or null when they never saved any.</summary>
    Task<StoredPreferences?> GetAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Replaces the user's preferences whole; answers when they were saved.</summary>
    Task<DateTimeOffset> PutAsync(string userId, UserPreferences settings, CancellationToken cancellationToken);
}
