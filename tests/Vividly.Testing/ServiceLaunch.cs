namespace Vividly.Testing;

/// <summary>How to start a service: its port, its built assembly and its name in logs; each chosen for the caller when null.</summary>
public sealed record ServiceLaunch(int? Port = null, string? Assembly = null, string? Name = null);
