namespace Vividly.LoadTest.Run;

/// <summary>The run cannot go on (no hub to publish through, say); the message says why.</summary>
internal sealed class RunAbortedException(string message) : Exception(message);
