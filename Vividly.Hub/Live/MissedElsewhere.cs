using System.Collections.Concurrent;

namespace Vividly.Hub.Live;

/// <summary>
/// The users whose live messages reached this instance's connections only, because Redis could
/// not take them: their connections on other instances missed them. Once Redis answers again
/// each of those users is asked to resume everywhere. Bounded: past <see cref="MaxUsers"/>
/// users it stops naming them and remembers that everyone must be asked.
/// </summary>
public sealed class MissedElsewhere
{
    public const int MaxUsers = 100_000;

    private readonly ConcurrentDictionary<string, byte> _users = new(StringComparer.Ordinal);
    private int _everyone;

    /// <summary>Kept beside the set: its own Count takes every lock, and this runs on each publish while Redis is away.</summary>
    private int _count;

    public void Add(string userId)
    {
        if (Volatile.Read(ref _count) >= MaxUsers) Volatile.Write(ref _everyone, 1);
        else if (_users.TryAdd(userId, 0)) Interlocked.Increment(ref _count);
    }

    public void AddEveryone() => Volatile.Write(ref _everyone, 1);

    /// <summary>Takes what was recorded: whether everyone must resume, else which users.</summary>
    public (bool Everyone, IReadOnlyList<string> Users) Take()
    {
        var everyone = Interlocked.Exchange(ref _everyone, 0) == 1;
        var users = new List<string>();
        foreach (var user in _users.Keys)
            if (_users.TryRemove(user, out _))
            {
                Interlocked.Decrement(ref _count);
                users.Add(user);
            }
        return (everyone, everyone ? [] : users);
    }
}
