using Npgsql;

namespace Vividly.Hub.Inbox;

/// <summary>
/// Turns <c>postgres://user:pass@host:5432/db?sslmode=require&amp;pool_max=50</c> into an Npgsql
/// connection string. <c>pool_max</c> caps the connections one instance opens (default 100):
/// size it so every instance together stays under the server's <c>max_connections</c>.
/// </summary>
public static class PostgresUrl
{
    public static string ToConnectionString(string url)
    {
        var uri = new Uri(url);
        if (uri.Scheme is not ("postgres" or "postgresql"))
            throw new ArgumentException("DATABASE_URL must start with postgres:// or postgresql://.", nameof(url));

        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = Uri.UnescapeDataString(userInfo[0]),
            // The guard (STORE_TIMEOUT_MS) answers callers; these make sure the driver lets go soon
            // after, so a stalled or vanished server holds no pooled connection and no pending slot for long.
            // Opening, including the wait for a free pooled connection: a healthy server answers in
            // milliseconds, so past 3 s the caller was long answered and waiting only pins a slot.
            Timeout = 3,
            // Bounds what the guard does not: migrations and retention, which may rightly take seconds.
            CommandTimeout = 15,
            // A timed-out command breaks its connection at once instead of sending PostgreSQL a
            // cancel request: Npgsql makes that request inline on a pool thread, and a frozen server
            // never answers it.
            CancellationTimeout = -1,
            // No keep-alive pings: Npgsql sends them synchronously on a thread-pool thread, and a
            // frozen server holds one thread per idle pooled connection for the whole stall, which
            // starved the pool and delayed every request, health included, by up to 1.7 s. Idle
            // connections a restarted server dropped are found broken when drawn instead; the
            // restart tests show the pool healing without them.
            KeepAlive = 0,
            // TCP keepalives find a peer that vanished without a reset (a host or network loss)
            // within about 10 + 3 × 2 s, even mid-command, where the default would wait two hours.
            TcpKeepAlive = true,
            TcpKeepAliveTime = 10,
            TcpKeepAliveInterval = 2,
            // The hot statements (appends, resumes) are prepared once per pooled connection: the
            // server then skips parsing and planning them on every publish.
            MaxAutoPrepare = 32,
            AutoPrepareMinUsages = 2,
        };
        if (userInfo.Length == 2) builder.Password = Uri.UnescapeDataString(userInfo[1]);

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2) continue;
            switch (parts[0])
            {
                case "sslmode":
                    builder.SslMode = Enum.Parse<SslMode>(parts[1].Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
                    break;
                case "pool_max":
                    builder.MaxPoolSize = int.TryParse(parts[1], out var max) && max is >= 1 and <= 1000
                        ? max
                        : throw new ArgumentException("DATABASE_URL's pool_max must be a whole number from 1 to 1000.", nameof(url));
                    break;
            }
        }
        return builder.ConnectionString;
    }
}
