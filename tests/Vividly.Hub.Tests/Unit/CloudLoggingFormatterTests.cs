using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vividly.Observability.Logging;

namespace Vividly.Hub.Tests.Unit;

public sealed partial class CloudLoggingFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 30, 45, 123, TimeSpan.Zero);

    [Fact]
    public void A_LoggerMessage_is_one_line_with_severity_message_time_and_each_property_as_a_field()
    {
        var line = Write(null, logger => Stored(logger, "student-1", 42, 1.5));

        Assert.DoesNotContain('\n', line.TrimEnd('\n'));
        var entry = JsonNode.Parse(line)!.AsObject();
        Assert.Equal("INFO", entry["severity"]!.GetValue<string>());
        Assert.Equal("Stored for student-1 as seq 42 in 1.5 ms", entry["message"]!.GetValue<string>());
        Assert.Equal(Now, DateTimeOffset.Parse(entry["time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("student-1", entry["UserId"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.Number, entry["Seq"]!.GetValueKind());
        Assert.Equal(42, entry["Seq"]!.GetValue<long>());
        Assert.Equal(1.5, entry["Milliseconds"]!.GetValue<double>());
        Assert.Equal(7, entry["eventId"]!.GetValue<int>());
        Assert.Equal(nameof(Stored), entry["eventName"]!.GetValue<string>());
        Assert.False(entry.ContainsKey("{OriginalFormat}"));
        Assert.False(entry.ContainsKey("logging.googleapis.com/trace"));
    }

    [Fact]
    public void Inside_an_activity_the_line_names_its_trace_in_the_project_and_its_span()
    {
        using var activity = new Activity("publish").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;

        var entry = JsonNode.Parse(Write("my-project", logger => Stored(logger, "student-1", 1, 0)))!.AsObject();

        Assert.Equal($"projects/my-project/traces/{activity.TraceId.ToHexString()}", entry["logging.googleapis.com/trace"]!.GetValue<string>());
        Assert.Equal(activity.SpanId.ToHexString(), entry["logging.googleapis.com/spanId"]!.GetValue<string>());
        Assert.True(entry["logging.googleapis.com/trace_sampled"]!.GetValue<bool>());
    }

    [Fact]
    public void Without_a_project_the_trace_is_the_bare_trace_id()
    {
        using var activity = new Activity("publish").SetIdFormat(ActivityIdFormat.W3C).Start();

        var entry = JsonNode.Parse(Write(null, logger => Stored(logger, "student-1", 1, 0)))!.AsObject();

        Assert.Equal(activity.TraceId.ToHexString(), entry["logging.googleapis.com/trace"]!.GetValue<string>());
    }

    [Fact]
    public void An_exception_is_a_field_with_its_stack_and_the_severity_maps_Cloud_Logging_s_names()
    {
        InvalidOperationException thrown;
        try
        {
            throw new InvalidOperationException("the store went away");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var entry = JsonNode.Parse(Write(null, logger => Failed(logger, "student-1", thrown)))!.AsObject();

        Assert.Equal("ERROR", entry["severity"]!.GetValue<string>());
        Assert.Contains("InvalidOperationException: the store went away", entry["exception"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(nameof(An_exception_is_a_field_with_its_stack_and_the_severity_maps_Cloud_Logging_s_names), entry["exception"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            ["DEBUG", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "DEFAULT"],
            Enum.GetValues<LogLevel>().Select(CloudLoggingFormatter.Severity));
    }

    [Fact]
    public void A_property_named_like_a_field_of_the_line_does_not_replace_it()
    {
        var entry = JsonNode.Parse(Write(null, logger => Said(logger, "hello")))!.AsObject();

        Assert.Equal("Said hello", entry["message"]!.GetValue<string>());
        Assert.Equal("hello", entry["state.message"]!.GetValue<string>());
    }

    [LoggerMessage(7, LogLevel.Information, "Stored for {UserId} as seq {Seq} in {Milliseconds} ms")]
    private static partial void Stored(ILogger logger, string userId, long seq, double milliseconds);

    [LoggerMessage(8, LogLevel.Error, "Publish for {UserId} failed")]
    private static partial void Failed(ILogger logger, string userId, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "Said {message}")]
    private static partial void Said(ILogger logger, string message);

    /// <summary>What the formatter writes for the one message <paramref name="log"/> logs.</summary>
    private static string Write(string? projectId, Action<ILogger> log)
    {
        using var services = new ServiceCollection().Configure<CloudLoggingFormatterOptions>(options => options.ProjectId = projectId).BuildServiceProvider();
        using var formatter = new CloudLoggingFormatter(services.GetRequiredService<IOptionsMonitor<CloudLoggingFormatterOptions>>(), new FakeTimeProvider(Now));
        var logger = new FormattingLogger(formatter);
        log(logger);
        return logger.Output.ToString();
    }

    /// <summary>Hands each message to the formatter as the console logger does.</summary>
    private sealed class FormattingLogger(CloudLoggingFormatter formatter) : ILogger
    {
        public StringWriter Output { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter1) =>
            formatter.Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<TState>(logLevel, "Tests", eventId, state, exception, formatter1), null, Output);
    }
}
