namespace Vividly.LoadTest.Cli;

/// <summary>The command line cannot be run; the message says why.</summary>
internal sealed class UsageException(string message) : Exception(message);
