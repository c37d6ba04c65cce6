using Npgsql;
using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Jobs;

public sealed class PostgresInboxMaintenanceTests(PostgresFixture postgres) : InboxMaintenanceContract, IClassFixture<PostgresFixture>
{
    private string _url = null!;
    private PostgresDatabase? _database;

    protected override async Task<IInboxMaintenance> CreateStoreAsync()
    {
        _url = await postgres.Server.CreateDatabaseAsync();
        _database = new PostgresDatabase(Options.Create(new InboxStorageOptions { DatabaseUrl = _url }));
        return new PostgresInboxStore(_database, Retention, Guard, Time);
    }

    protected override async ValueTask DisposeStoreAsync()
    {
        await ((IAsyncDisposable)Maintenance).DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    protected override async Task<object?> SqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(_url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }
}
