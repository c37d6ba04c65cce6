using System.Threading.Channels;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Live;

/// <summary>
/// The live messages on their way to one connection, written in order by one pump. It is
/// bounded (<c>SSE_SEND_BUFFER_MESSAGES</c>): a connection that cannot keep up fills it, and is
/// then closed with reconnecting allowed (<see cref="LiveDelivery"/>) to read what it missed from
/// the inbox when it returns. So a slow device holds up nobody: not the publisher, not the
/// user's other devices, not other users; and it costs at most its own buffer.
/// </summary>
public sealed class ConnectionOutbox(int capacity)
{
    private readonly Channel<LiveEvent> _queue = Channel.CreateBounded<LiveEvent>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
    private int _overflowed;

    /// <summary>Messages waiting to be written.</summary>
    public int Count => _queue.Reader.Count;

    /// <summary>False when the buffer is full.</summary>
    public bool TryEnqueue(LiveEvent message) => _queue.Writer.TryWrite(message);

    /// <summary>True the first time only, so an overflowing connection is closed once.</summary>
    public bool MarkOverflowed() => Interlocked.Exchange(ref _overflowed, 1) == 0;

    /// <summary>The connection ended: the pump stops once it has passed on what is left.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Writes each message to the connection, waiting while its transport is full.</summary>
    public async Task PumpAsync(INotificationClient client, Action<Exception> failed)
    {
        await foreach (var message in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await message.SendToAsync(client);
            }
            catch (Exception ex)
            {
                failed(ex);
            }
        }
    }
}
