namespace Vividly.Hub.Redis;

/// <summary>Redis did not take a command in time, or is known not to answer: the caller goes on without it.</summary>
public sealed class RedisUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
