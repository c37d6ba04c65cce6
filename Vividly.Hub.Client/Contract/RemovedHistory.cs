namespace Vividly.Hub.Client.Contract;

/// <summary>Seqs after <see cref="AfterSeq"/> up to <see cref="RemovedThroughSeq"/> were cleared or expired before this client read them.</summary>
public sealed record RemovedHistory(long AfterSeq, long RemovedThroughSeq);
