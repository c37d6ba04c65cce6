namespace Vividly.Hub.Jobs;

/// <summary>Work one instance at a time does every <see cref="Interval"/>, under the lease named <see cref="Name"/>.</summary>
public interface IBackgroundJob
{
    string Name { get; }

    TimeSpan Interval { get; }

    /// <summary>One run; <paramref name="cancellationToken"/> fires when the host stops or the lease is lost.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
