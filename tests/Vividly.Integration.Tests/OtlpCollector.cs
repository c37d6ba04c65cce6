using System.Net;
using System.Text;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>A stand-in collector: an OTLP/HTTP endpoint on loopback that keeps every body it is sent.</summary>
public sealed class OtlpCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, byte[] Body)> _received = [];
    private readonly Task _listening;

    public OtlpCollector()
    {
        Endpoint = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        _listener.Prefixes.Add($"{Endpoint}");
        _listener.Start();
        _listening = Task.Run(ListenAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>What a service needs to export here, soon after each span or metric.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
    };

    /// <summary>The bodies sent to <paramref name="path"/> (<c>/v1/traces</c>, <c>/v1/metrics</c>) so far.</summary>
    public IReadOnlyList<byte[]> Bodies(string path)
    {
        lock (_received) return [.. _received.Where(r => r.Path == path).Select(r => r.Body)];
    }

    public static bool Holds(byte[] body, string text) => Holds(body, Encoding.UTF8.GetBytes(text));

    public static bool Holds(byte[] body, ReadOnlySpan<byte> bytes) => body.AsSpan().IndexOf(bytes) >= 0;

    private async Task ListenAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (_received) _received.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
