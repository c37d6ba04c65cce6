using System.Text.Json;
using System.Threading.Channels;

namespace Vividly.Testing;

/// <summary>
/// A push service on loopback, run by Node from <c>tests/PushService/push-service.mjs</c>: it
/// stands for one browser (its keys are <see cref="P256dh"/> and <see cref="Auth"/>), decrypts
/// each message with the npm <c>http_ece</c> package, checks its VAPID token and answers as the
/// endpoint's path scripts it (<see cref="Endpoint"/>).
/// </summary>
public sealed class LoopbackPushService : IAsyncDisposable
{
    private readonly Channel<PushedMessage> _messages = Channel.CreateUnbounded<PushedMessage>();
    private readonly TaskCompletionSource<JsonElement> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestProcess? _process;

    public int Port { get; private set; }

    /// <summary>The browser's P-256 public key, base64url, as a PushSubscription gives it.</summary>
    public string P256dh { get; private set; } = "";

    /// <summary>The browser's authentication secret, base64url.</summary>
    public string Auth { get; private set; } = "";

    /// <param name="vapidPublicKey">Messages must carry this key in their Authorization header.</param>
    public static async Task<LoopbackPushService> StartAsync(string vapidPublicKey)
    {
        var node = RequiredTool.Find("nodejs", "node", "/usr/bin/node");
        var directory = Path.Combine(RepositoryRoot.Path, "tests", "PushService");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "http_ece")))
            throw new InvalidOperationException($"The loopback push service needs its npm packages: run `npm ci` in {directory} (scripts/test.sh does).");

        var service = new LoopbackPushService();
        service._process = TestProcess.Start(node, directory, ["push-service.mjs", "--vapid-public-key", vapidPublicKey],
            new Dictionary<string, string?>(), "push-service", service.Hear);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var listening = await service._listening.Task.WaitAsync(deadline.Token);
            service.Port = listening.GetProperty("port").GetInt32();
            service.P256dh = listening.GetProperty("p256dh").GetString()!;
            service.Auth = listening.GetProperty("auth").GetString()!;
            return service;
        }
        catch (OperationCanceledException)
        {
            var output = service._process.RecentOutput;
            await service.DisposeAsync();
            throw new TimeoutException($"The loopback push service did not start:\n{output}");
        }
    }

    /// <summary>An endpoint whose messages are answered with <paramref name="status"/> (and Retry-After, when given).</summary>
    public string Endpoint(int status, int? retryAfterSeconds = null) =>
        $"http://127.0.0.1:{Port}/answer/{status}" + (retryAfterSeconds is { } seconds ? $"/retry-after/{seconds}" : "");

    /// <summary>The next message the service took, as it saw it.</summary>
    public async Task<PushedMessage> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _messages.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No message reached the loopback push service in {timeout}:\n{_process?.RecentOutput}");
        }
    }

    private void Hear(string line)
    {
        JsonElement heard;
        try
        {
            heard = JsonDocument.Parse(line).RootElement;
        }
        catch (JsonException)
        {
            return;
        }
        switch (heard.GetProperty("event").GetString())
        {
            case "listening":
                _listening.TrySetResult(heard);
                break;
            case "message":
                _messages.Writer.TryWrite(PushedMessage.From(heard));
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }
}

/// <summary>A message as the loopback push service received it: its headers, its VAPID check and its decrypted text.</summary>
/// <param name="VapidError">Why the VAPID token was refused; null when it verified.</param>
/// <param name="Payload">The decrypted body; null when it did not decrypt (<paramref name="DecryptError"/> says why).</param>
public sealed record PushedMessage(
    string Path, string Method, int Status, string? Ttl, string? Urgency, string? Topic, string? ContentEncoding, int BodyBytes,
    string? VapidError, string? VapidAudience, string? VapidSubject, long? VapidExpires, string? Payload, string? DecryptError)
{
    public static PushedMessage From(JsonElement heard)
    {
        var vapid = heard.GetProperty("vapid");
        return new PushedMessage(
            heard.GetProperty("path").GetString()!, heard.GetProperty("method").GetString()!, heard.GetProperty("status").GetInt32(),
            Text(heard, "ttl"), Text(heard, "urgency"), Text(heard, "topic"), Text(heard, "content_encoding"), heard.GetProperty("body_bytes").GetInt32(),
            Text(vapid, "error"), Text(vapid, "aud"), Text(vapid, "sub"),
            vapid.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number ? exp.GetInt64() : null,
            Text(heard, "payload"), Text(heard, "decrypt_error"));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
