namespace Vividly.Testing;

/// <summary>How to start a service: its port, its built assembly and its name in logs; each chosen for the caller when null.</summary>
/// <param name="OnOutputLine">Hears every line the service writes to stdout, its log lines among them.</param>
public sealed record ServiceLaunch(int? Port = null, string? Assembly = null, string? Name = null, Action<string>? OnOutputLine = null);
