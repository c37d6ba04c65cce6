using Microsoft.Extensions.Logging;
using Vividly.Hub.Client;
using Vividly.LoadTest.Metrics;

namespace Vividly.LoadTest.Connections;

/// <summary>
/// The hub client reports failed connects, closes and failed resumes only in its log; this logger
/// counts them by the client's event ids.
/// </summary>
internal sealed class ClientEventCounter(RunCounters counters) : ILogger<NotificationHubClient>
{
    private const int ConnectFailed = 1;
    private const int Closed = 3;
    private const int ResumeFailed = 5;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        switch (eventId.Id)
        {
            case ConnectFailed: counters.ConnectFailed(Reason(state, exception, formatter)); break;
            case Closed: counters.Closed(Reason(state, exception, formatter)); break;
            case ResumeFailed: counters.ResumeFailed(Reason(state, exception, formatter)); break;
        }
    }

    /// <summary>The message's Reason argument alone, so repeats of one failure count under one sample.</summary>
    private static string Reason<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        state is IReadOnlyList<KeyValuePair<string, object?>> arguments
        && arguments.FirstOrDefault(a => a.Key == "Reason").Value is { } reason
            ? reason.ToString() ?? ""
            : formatter(state, exception);
}
