using Npgsql;
using Vividly.Hub.Redis;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Unit;

public sealed class UrlTests
{
    [Fact]
    public void Postgres_urls_become_connection_strings()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://app:p%40ss@db.internal:6543/inbox?sslmode=require"));
        Assert.Equal("db.internal", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("inbox", builder.Database);
        Assert.Equal("app", builder.Username);
        Assert.Equal("p@ss", builder.Password);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal(100, builder.MaxPoolSize);
    }

    [Fact]
    public void Postgres_urls_size_the_pool()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://app@db.internal/inbox?pool_max=25&sslmode=disable"));
        Assert.Equal(25, builder.MaxPoolSize);
        Assert.Equal(SslMode.Disable, builder.SslMode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("many")]
    [InlineData("5000")]
    public void A_pool_size_out_of_range_is_refused_naming_it(string poolMax)
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresUrl.ToConnectionString($"postgres://app@db.internal/inbox?pool_max={poolMax}"));
        Assert.Contains("pool_max", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_connections_give_up_on_a_stalled_server_on_purpose()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://app@db.internal/inbox"));
        Assert.Equal(3, builder.Timeout);
        Assert.Equal(15, builder.CommandTimeout);
        Assert.Equal(-1, builder.CancellationTimeout);
        Assert.Equal(0, builder.KeepAlive);
        Assert.True(builder.TcpKeepAlive);
        Assert.Equal(10, builder.TcpKeepAliveTime);
        Assert.Equal(2, builder.TcpKeepAliveInterval);
        Assert.Equal(32, builder.MaxAutoPrepare);
    }

    [Fact]
    public void Other_schemes_are_refused() =>
        Assert.Throws<ArgumentException>(() => PostgresUrl.ToConnectionString("mysql://a@b/c"));

    [Fact]
    public void Redis_urls_become_client_options()
    {
        var options = RedisUrl.ToConfiguration("rediss://:secret@cache.internal:6380/2");
        Assert.True(options.Ssl);
        Assert.Equal("secret", options.Password);
        Assert.Equal(2, options.DefaultDatabase);
        Assert.Equal("cache.internal:6380", options.EndPoints.Single().ToString()!.Replace("Unspecified/", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Notification_ids_sort_by_time()
    {
        var earlier = NotificationId.New(DateTimeOffset.FromUnixTimeMilliseconds(1_000));
        var later = NotificationId.New(DateTimeOffset.FromUnixTimeMilliseconds(2_000));
        Assert.Equal(26, earlier.Length);
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.NotEqual(earlier, NotificationId.New(DateTimeOffset.FromUnixTimeMilliseconds(1_000)));
    }
}
