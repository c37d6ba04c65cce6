namespace Vividly.Integration.Tests;

/// <summary>
/// Tests that load every core (three hubs with 80-odd clients, thousands of connections) and
/// assert time limits: they run one after another, beside the lighter classes, never beside each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HeavyLoad
{
    public const string Name = "Heavy load";
}
