using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vividly.Hub.Client;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>The hub in memory on the embedded defaults, with its logs kept for inspection.</summary>
public sealed class HubFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-hub-").FullName;
    private readonly Dictionary<string, string> _settings = [];
    private readonly List<Action<IServiceCollection>> _services = [];

    public ConcurrentQueue<string> Logs { get; } = new();

    public HubFactory With(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Replaces or adds services after the hub's own, as a test double would.</summary>
    public HubFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("SECRET_KEY", TestTokens.Secret);
        builder.UseSetting("INBOX_SQLITE_PATH", Path.Combine(_directory, "inbox.db"));
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => _services.ForEach(configure => configure(services)));
        builder.ConfigureLogging(logging => logging.AddProvider(new QueueLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Trace));
    }

    /// <summary>A typed client over SSE through the in-memory server, replaying the inbox from <paramref name="resumeAfterSeq"/>.</summary>
    public NotificationHubClient CreateHubClient(string token, long? resumeAfterSeq = 0) => new(new NotificationHubClientOptions
    {
        HubUrl = Server.BaseAddress,
        AccessTokenProvider = _ => ValueTask.FromResult(token),
        ResumeAfterSeq = resumeAfterSeq,
        HttpMessageHandlerFactory = _ => Server.CreateHandler(),
        ReconnectFirstDelay = TimeSpan.FromMilliseconds(50),
        PublishRetries = 0,
    });

    public HttpClient CreateHttp(string? token)
    {
        var http = CreateClient();
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestProcess.TryDeleteDirectory(_directory);
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(categoryName, logs);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(string category, ConcurrentQueue<string> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
