namespace Vividly.Integration.Tests;

/// <summary>
/// The stall tests hold their hubs to a one-second answer while a dependency is frozen: they run
/// alone, after every other class, so the figures measure the hub and not the neighbours'
/// load on a small machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Stalls
{
    public const string Name = "Stalls";
}
