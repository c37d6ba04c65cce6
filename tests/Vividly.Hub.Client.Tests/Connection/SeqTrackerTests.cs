using Vividly.Hub.Client.Connection;

namespace Vividly.Hub.Client.Tests.Connection;

public sealed class SeqTrackerTests
{
    [Fact]
    public void Drops_a_seq_seen_before()
    {
        var seqs = new SeqTracker(afterSeq: 0);
        Assert.True(seqs.TryAccept(1));
        Assert.False(seqs.TryAccept(1));
        Assert.Equal(1, seqs.Watermark);
    }

    [Fact]
    public void A_skipped_seq_is_a_gap_until_it_arrives()
    {
        var seqs = new SeqTracker(afterSeq: 0);
        seqs.TryAccept(1);
        Assert.True(seqs.TryAccept(3));
        Assert.True(seqs.HasGap);
        Assert.Equal(1, seqs.Watermark);

        Assert.True(seqs.TryAccept(2));
        Assert.False(seqs.HasGap);
        Assert.Equal(3, seqs.Watermark);
        Assert.False(seqs.TryAccept(3));
    }

    [Fact]
    public void Settling_accepts_that_missing_seqs_are_gone()
    {
        var seqs = new SeqTracker(afterSeq: 0);
        seqs.TryAccept(4);
        seqs.TryAccept(6);
        seqs.Settle(4);
        Assert.Equal(4, seqs.Watermark);
        Assert.True(seqs.HasGap);
        seqs.Settle(6);
        Assert.False(seqs.HasGap);
        Assert.False(seqs.TryAccept(5));
    }

    [Fact]
    public void Without_a_start_it_begins_at_the_servers_last_seq_once()
    {
        var seqs = new SeqTracker();
        seqs.InitializeFrom(10);
        seqs.InitializeFrom(2);
        Assert.Equal(10, seqs.Watermark);
        Assert.False(seqs.TryAccept(9));
        Assert.True(seqs.TryAccept(11));
    }

    [Fact]
    public void A_given_start_wins_over_the_servers_last_seq()
    {
        var seqs = new SeqTracker(afterSeq: 0);
        seqs.InitializeFrom(10);
        Assert.Equal(0, seqs.Watermark);
        Assert.True(seqs.TryAccept(1));
    }
}
