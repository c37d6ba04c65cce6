namespace Vividly.Integration.Tests;

/// <summary>Settings for a lone hub process: its SQLite inbox in the test's own folder, plus the variables given.</summary>
public static class HubSettings
{
    public static Dictionary<string, string?> WithInboxIn(string directory, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["INBOX_SQLITE_PATH"] = Path.Combine(directory, "inbox.db") };
        foreach (var (key, value) in settings) all[key] = value;
        return all;
    }
}
