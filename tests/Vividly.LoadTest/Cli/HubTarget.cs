namespace Vividly.LoadTest.Cli;

/// <summary>What the run measures: which client the simulated devices use.</summary>
internal enum HubTarget
{
    /// <summary>The Vividly hub, through the typed client (resume, seq tracking).</summary>
    Vividly,

    /// <summary>
    /// The stock SignalR baseline (bench/StockHub), through the stock .NET client: it has no hub
    /// methods, so nothing is resumed and publishing is over HTTP only.
    /// </summary>
    Stock,
}
