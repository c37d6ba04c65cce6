using System.Diagnostics.CodeAnalysis;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Live;

/// <summary>
/// The live messages on their way to one connection, written in order by one pump. It is
/// bounded (<c>SSE_SEND_BUFFER_MESSAGES</c>): a connection that cannot keep up fills it, and is
/// then closed with reconnecting allowed (<see cref="LiveDelivery"/>) to read what it missed from
/// the inbox when it returns. So a slow device holds up nobody: not the publisher, not the
/// user's other devices, not other users; and it costs at most its own buffer.
/// </summary>
/// <remarks>
/// Most connections sit idle most of the time, and an instance holds thousands of them, so an
/// idle outbox holds no queue and runs no pump: the queue exists while messages wait, and the
/// pump runs on the thread pool from the first of them until it has written the last.
/// </remarks>
public sealed class ConnectionOutbox(int capacity)
{
    private readonly Lock _gate = new();
    private Queue<LiveEvent>? _waiting;
    private INotificationClient? _client;
    private string? _connectionId;
    private Action<string, Exception>? _failed;
    private bool _pumping;
    private bool _completed;
    private int _overflowed;

    /// <summary>Messages waiting to be written.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _waiting?.Count ?? 0;
        }
    }

    /// <summary>False when the buffer is full. Once the connection has ended a message is dropped.</summary>
    public bool TryEnqueue(LiveEvent message)
    {
        lock (_gate)
        {
            if (_completed) return true;
            _waiting ??= new Queue<LiveEvent>();
            if (_waiting.Count >= capacity) return false;
            _waiting.Enqueue(message);
            if (!TryStartPumping()) return true;
        }
        SchedulePump();
        return true;
    }

    /// <summary>True the first time only, so an overflowing connection is closed once.</summary>
    public bool MarkOverflowed() => Interlocked.Exchange(ref _overflowed, 1) == 0;

    /// <summary>
    /// Starts writing to <paramref name="client"/>, what waits already first; until then messages
    /// only queue, so nothing overtakes what the connection is sent before it starts.
    /// </summary>
    public void Start(INotificationClient client, string connectionId, Action<string, Exception> failed)
    {
        lock (_gate)
        {
            _client = client;
            _connectionId = connectionId;
            _failed = failed;
            if (!TryStartPumping()) return;
        }
        SchedulePump();
    }

    /// <summary>The connection ended: what still waits is dropped, and nothing queues from now on.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _waiting = null;
        }
    }

    // Under _gate: one pump at a time keeps the connection's messages in order.
    private bool TryStartPumping()
    {
        if (_pumping || _client is null || _waiting is not { Count: > 0 }) return false;
        _pumping = true;
        return true;
    }

    // Off the caller's thread: the publisher (or Redis's message loop) hands over and moves on.
    // Without its execution context: the pump is the connection's, not the publish request's.
    private void SchedulePump() =>
        ThreadPool.UnsafeQueueUserWorkItem(static outbox => _ = outbox.PumpAsync(), this, preferLocal: false);

    /// <summary>Writes each message to the connection, waiting while its transport is full.</summary>
    private async Task PumpAsync()
    {
        while (TryTakeNext(out var message))
        {
            try
            {
                await message.SendToAsync(_client!);
            }
            catch (Exception ex)
            {
                _failed!(_connectionId!, ex);
            }
        }
    }

    private bool TryTakeNext([NotNullWhen(true)] out LiveEvent? message)
    {
        lock (_gate)
        {
            if (_waiting is { Count: > 0 } waiting)
            {
                message = waiting.Dequeue();
                return true;
            }
            // Idle again: give the queue back until the next message.
            _waiting = null;
            _pumping = false;
            message = null;
            return false;
        }
    }
}
