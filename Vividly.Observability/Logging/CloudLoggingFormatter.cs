using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Vividly.Observability.Logging;

/// <summary>
/// One JSON object per line, in the fields Cloud Logging reads from a container's output:
/// <c>severity</c>, <c>message</c>, <c>time</c> and, inside a trace, <c>logging.googleapis.com/trace</c>,
/// <c>spanId</c> and <c>trace_sampled</c>. Every structured property of the message (each
/// placeholder of a <c>[LoggerMessage]</c>) is a field of its own, so logs filter by
/// <c>jsonPayload.UserId</c> and the like; an exception is the <c>exception</c> field, stack and all.
/// </summary>
public sealed class CloudLoggingFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "cloud-logging";

    private const string OriginalFormat = "{OriginalFormat}";
    private const string TraceField = "logging.googleapis.com/trace";
    private const string SpanField = "logging.googleapis.com/spanId";
    private const string SampledField = "logging.googleapis.com/trace_sampled";

    /// <summary>The fields this formatter writes itself; a property of the same name is written with a prefix instead.</summary>
    private static readonly HashSet<string> Reserved =
        ["severity", "message", "time", "category", "eventId", "eventName", "exception", TraceField, SpanField, SampledField];

    // Log lines are never embedded in HTML: what the default encoder escapes for that (+, <, \') stays readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TimeProvider _timeProvider;
    private readonly IDisposable? _reload;
    private CloudLoggingFormatterOptions _options;

    public CloudLoggingFormatter(IOptionsMonitor<CloudLoggingFormatterOptions> options, TimeProvider timeProvider) : base(FormatterName)
    {
        _timeProvider = timeProvider;
        _options = options.CurrentValue;
        _reload = options.OnChange(changed => _options = changed);
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is null && message is null) return;

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("severity", Severity(logEntry.LogLevel));
            json.WriteString("message", message ?? logEntry.Exception!.Message);
            json.WriteString("time", _timeProvider.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
            json.WriteString("category", logEntry.Category);
            if (logEntry.EventId.Id != 0) json.WriteNumber("eventId", logEntry.EventId.Id);
            if (logEntry.EventId.Name is { } eventName) json.WriteString("eventName", eventName);
            WriteTrace(json, Activity.Current);
            if (logEntry.Exception is { } exception) json.WriteString("exception", exception.ToString());
            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                foreach (var (key, value) in properties)
                {
                    if (key == OriginalFormat) continue;
                    WriteProperty(json, Reserved.Contains(key) ? $"state.{key}" : key, value);
                }
            }
            json.WriteEndObject();
        }
        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    public void Dispose() => _reload?.Dispose();

    /// <summary>Cloud Logging's <c>LogSeverity</c> names.</summary>
    public static string Severity(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRITICAL",
        _ => "DEFAULT",
    };

    private void WriteTrace(Utf8JsonWriter json, Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C) return;
        var traceId = activity.TraceId.ToHexString();
        json.WriteString(TraceField, _options.ProjectId is { Length: > 0 } project ? $"projects/{project}/traces/{traceId}" : traceId);
        json.WriteString(SpanField, activity.SpanId.ToHexString());
        json.WriteBoolean(SampledField, activity.Recorded);
    }

    private static void WriteProperty(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case bool b: json.WriteBoolean(name, b); break;
            case byte or sbyte or short or ushort or int or uint or long: json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong u: json.WriteNumber(name, u); break;
            case float or double or decimal: json.WriteNumber(name, Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
            case DateTimeOffset at: json.WriteString(name, at); break;
            case DateTime at: json.WriteString(name, at); break;
            default: json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
