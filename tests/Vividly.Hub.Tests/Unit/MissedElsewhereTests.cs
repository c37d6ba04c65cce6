using Vividly.Hub.Live;

namespace Vividly.Hub.Tests.Unit;

public sealed class MissedElsewhereTests
{
    [Fact]
    public void Each_user_is_named_once_and_taken_once()
    {
        var missed = new MissedElsewhere();
        missed.Add("a");
        missed.Add("b");
        missed.Add("a");

        var (everyone, users) = missed.Take();
        Assert.False(everyone);
        Assert.Equal(["a", "b"], users.Order());
        Assert.Empty(missed.Take().Users);
    }

    [Fact]
    public void Past_its_bound_it_stops_naming_users_and_asks_for_everyone()
    {
        var missed = new MissedElsewhere();
        for (var i = 0; i <= MissedElsewhere.MaxUsers; i++) missed.Add($"user-{i}");

        var (everyone, users) = missed.Take();
        Assert.True(everyone);
        Assert.Empty(users);
        Assert.False(missed.Take().Everyone);
    }
}
