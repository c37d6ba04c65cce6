using StackExchange.Redis;

namespace Vividly.Hub.Redis;

/// <summary>Turns <c>redis://[:password@]host:port/db</c> (or <c>rediss://</c> for TLS) into client options.</summary>
public static class RedisUrl
{
    public static ConfigurationOptions ToConfiguration(string url)
    {
        var uri = new Uri(url);
        if (uri.Scheme is not ("redis" or "rediss"))
            throw new ArgumentException("REDIS_URL must start with redis:// or rediss://.", nameof(url));

        var configuration = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
        configuration.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            if (parts.Length == 2)
            {
                if (parts[0].Length > 0) configuration.User = Uri.UnescapeDataString(parts[0]);
                configuration.Password = Uri.UnescapeDataString(parts[1]);
            }
            else
            {
                configuration.Password = Uri.UnescapeDataString(parts[0]);
            }
        }
        if (int.TryParse(uri.AbsolutePath.Trim('/'), out var database)) configuration.DefaultDatabase = database;
        return configuration;
    }
}
