using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Vividly.Testing;

/// <summary>
/// A throw-away SMTP server on a free loopback port (aiosmtpd, from the Debian package
/// <c>python3-aiosmtpd</c>) that writes each message it accepts to a file, as sent. Recipients
/// whose local part starts with <c>reject</c> are refused with 550, with <c>defer</c> with 451.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private const string Handler = """
        import os

        class Capture:
            def __init__(self, directory):
                self.directory = directory
                self.count = 0

            @classmethod
            def from_cli(cls, parser, *args):
                return cls(*args)

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                local = address.split('@')[0]
                if local.startswith('reject'):
                    return '550 5.1.1 No such user here'
                if local.startswith('defer'):
                    return '451 4.3.0 Try again later'
                envelope.rcpt_tos.append(address)
                return '250 OK'

            async def handle_DATA(self, server, session, envelope):
                self.count += 1
                name = os.path.join(self.directory, '%06d.eml' % self.count)
                with open(name + '.part', 'wb') as f:
                    f.write(envelope.original_content)
                os.rename(name + '.part', name)
                return '250 OK queued as %06d' % self.count
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-smtp-").FullName;
    private TestProcess? _process;

    private SmtpServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>Plain SMTP, no credentials: what <c>SMTP_URL</c> is set to.</summary>
    public string Url => $"smtp://127.0.0.1:{Port}";

    private string Inbox => Path.Combine(_directory, "messages");

    public static async Task<SmtpServer> StartNewAsync()
    {
        var server = new SmtpServer(FreePort.Next());
        await server.StartAsync();
        return server;
    }

    private async Task StartAsync()
    {
        var python = RequiredTool.Find("python3-aiosmtpd", "/usr/bin/python3");
        if (!File.Exists("/usr/lib/python3/dist-packages/aiosmtpd/__init__.py"))
            throw new InvalidOperationException("This test needs aiosmtpd from the Debian package 'python3-aiosmtpd': apt-get install python3-aiosmtpd");
        Directory.CreateDirectory(Inbox);
        await File.WriteAllTextAsync(Path.Combine(_directory, "capture.py"), Handler);
        _process = TestProcess.Start(python, _directory,
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}", "-c", "capture.Capture", Inbox],
            new Dictionary<string, string?> { ["PYTHONPATH"] = _directory }, "smtp");
        await Eventually.AssertAsync(GreetsAsync, TimeSpan.FromSeconds(15), $"aiosmtpd on port {Port} greets with 220");
    }

    /// <summary>Every message accepted so far, oldest first, as sent (RFC 5322 bytes).</summary>
    public IReadOnlyList<byte[]> Messages =>
        [.. Directory.GetFiles(Inbox, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived and answers them all.</summary>
    public async Task<IReadOnlyList<byte[]>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        await Eventually.AssertAsync(() => Directory.GetFiles(Inbox, "*.eml").Length >= count, timeout ?? TimeSpan.FromSeconds(10),
            $"{count} message(s) reach the SMTP server");
        return Messages;
    }

    private async Task<bool> GreetsAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", Port, deadline.Token);
            var buffer = new byte[64];
            var read = await client.GetStream().ReadAsync(buffer, deadline.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("220", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        TestProcess.TryDeleteDirectory(_directory);
    }
}
