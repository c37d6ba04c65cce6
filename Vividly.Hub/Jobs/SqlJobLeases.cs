using System.Data.Common;

namespace Vividly.Hub.Jobs;

/// <summary>
/// <see cref="IJobLeases"/> in one statement each that SQLite and PostgreSQL both run: the insert
/// takes an absent lease, and its conflict clause takes a lapsed one or renews the holder's own,
/// atomically, so of instances racing for it exactly one is answered a row.
/// </summary>
public sealed class SqlJobLeases(DbDataSource dataSource, TimeProvider timeProvider) : IJobLeases, IAsyncDisposable
{
    public async Task<bool> TryHoldAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var command = Command(
            """
            INSERT INTO job_leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= @now
            RETURNING holder
            """,
            ("name", name), ("holder", holder), ("expires", (now + duration).ToUnixTimeMilliseconds()), ("now", now.ToUnixTimeMilliseconds()));
        return await command.ExecuteScalarAsync(cancellationToken) is string;
    }

    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        await using var command = Command("DELETE FROM job_leases WHERE name = @name AND holder = @holder", ("name", name), ("holder", holder));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private DbCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
