namespace Vividly.Hub.Client.Connection;

/// <summary>
/// Completes while the connection is up. A publish waits on it for a while rather than fail at
/// once while the connection is coming back: a restarted instance can take longer to return
/// than a handful of quick retries would wait.
/// </summary>
public sealed class ConnectionReady
{
    private TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsUp => Volatile.Read(ref _up).Task.IsCompleted;

    public void Up() => Volatile.Read(ref _up).TrySetResult();

    public void Down()
    {
        var current = Volatile.Read(ref _up);
        if (current.Task.IsCompleted) Interlocked.CompareExchange(ref _up, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
    }

    /// <summary>True once the connection is up, false if it is still down after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            await Volatile.Read(ref _up).Task.WaitAsync(timeout, timeProvider, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
