namespace Vividly.Hub.Client.Contract;

/// <summary>
/// What <c>ResumeFrom(after_seq)</c> answers: the user's notifications after <c>after_seq</c>,
/// oldest first. <see cref="RemovedThroughSeq"/> above <c>after_seq</c> says plainly that the
/// seqs up to it were cleared or expired and will never come, instead of leaving a silent gap.
/// </summary>
/// <param name="HasMore">More notifications follow this page: call again from its last seq.</param>
/// <param name="LastSeq">The user's newest seq when the page was read.</param>
public sealed record ResumePage(
    IReadOnlyList<Notification> Notifications,
    bool HasMore,
    long LastSeq,
    long RemovedThroughSeq);
