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

    public void Add(string userId)
    {
        if (_users.Count >= MaxUsers) Volatile.Write(ref _everyone, 1);
        else _users.TryAdd(userId, 0);
    }

    public void AddEveryone() => Volatile.Write(ref _everyone, 1);

    /// <summary>Takes what was recorded: whether everyone must resume, else which users.</summary>
    public (bool Everyone, IReadOnlyList<string> Users) Take()
    {
        var everyone = Interlocked.Exchange(ref _everyone, 0) == 1;
        var users = new List<string>();
        foreach (var user in _users.Keys)
            if (_users.TryRemove(user, out _)) users.Add(user);
        return (everyone, everyone ? [] : users);
    }
}
