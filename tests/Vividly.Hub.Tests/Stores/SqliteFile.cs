using Microsoft.Data.Sqlite;

namespace Vividly.Hub.Tests.Stores;

/// <summary>A SQLite inbox file reached on a connection of its own, as another branch of the code would.</summary>
public static class SqliteFile
{
    /// <summary>Runs <paramref name="sql"/> and answers its first column of the first row, waiting for the store's writer if it must.</summary>
    public static async Task<object?> ScalarAsync(string path, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }
}
