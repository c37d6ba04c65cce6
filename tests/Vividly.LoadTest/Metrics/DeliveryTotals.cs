namespace Vividly.LoadTest.Metrics;

/// <summary>
/// Every connection of a user must raise every notification published to that user exactly
/// once. Unexpected: raised but never answered to a publish (its publish failed after the hub
/// stored it). Recovered by resume: raised without a live push, so the store closed the gap.
/// </summary>
internal readonly record struct DeliveryTotals(
    long Expected,
    long Delivered,
    long Lost,
    long Unexpected,
    long DuplicatedLive,
    long DuplicatedRaised,
    long RecoveredByResume)
{
    public long Duplicated => DuplicatedLive + DuplicatedRaised;

    public static DeliveryTotals operator +(DeliveryTotals a, DeliveryTotals b) => new(
        a.Expected + b.Expected, a.Delivered + b.Delivered, a.Lost + b.Lost, a.Unexpected + b.Unexpected,
        a.DuplicatedLive + b.DuplicatedLive, a.DuplicatedRaised + b.DuplicatedRaised, a.RecoveredByResume + b.RecoveredByResume);
}
