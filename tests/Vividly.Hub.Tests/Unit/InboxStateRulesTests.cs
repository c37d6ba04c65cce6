using System.Text.Json.Nodes;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Unit;

public sealed class InboxStateRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-24T04:00:00Z", "2026-11-24T04:00:00Z")]
    [InlineData("2026-11-24T06:00:00.250+02:00", "2026-11-24T04:00:00.250Z")]
    [InlineData("2026-11-24t04:00:00z", "2026-11-24T04:00:00Z")]
    [InlineData("2026-12-24T03:00:00Z", "2026-12-24T03:00:00Z")]
    public void A_snooze_time_in_RFC_3339_within_bounds_is_taken_whatever_its_offset(string raw, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), SnoozeTimes.Parse(raw, Now, out var error));
        Assert.Empty(error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-11-24T04:00:00")]
    [InlineData("2026-11-24")]
    [InlineData("24/11/2026 04:00:00 +00:00")]
    [InlineData("2026-11-24T04:00:00Z ")]
    [InlineData("２０２６-11-24T04:00:00Z")]
    [InlineData("2026-11-24T03:00:59.999Z")]
    [InlineData("2026-12-24T03:00:00.001Z")]
    public void Anything_else_is_refused_naming_until(string? raw)
    {
        Assert.Null(SnoozeTimes.Parse(raw, Now, out var error));
        Assert.StartsWith("until ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_well_formed_string_request_id_is_taken_from_a_payload()
    {
        Assert.Equal("req_1", ContentRequestIds.Of(new JsonObject { ["content_request_id"] = "req_1" }));
        Assert.Null(ContentRequestIds.Of(null));
        Assert.Null(ContentRequestIds.Of(new JsonObject { ["content_request_id"] = 12 }));
        Assert.Null(ContentRequestIds.Of(new JsonObject { ["content_request_id"] = null }));
        Assert.Null(ContentRequestIds.Of(new JsonObject { ["content_request_id"] = "" }));
        Assert.Null(ContentRequestIds.Of(new JsonObject { ["content_request_id"] = "a\nb" }));
        Assert.Null(ContentRequestIds.Of(new JsonObject { ["content_request_id"] = "\ud800" }));
        Assert.Null(ContentRequestIds.Of(new JsonObject { ["content_request_id"] = new string('r', ContentRequestIds.MaxLength + 1) }));
        Assert.Equal(ContentRequestIds.MaxLength, ContentRequestIds.Of(new JsonObject { ["content_request_id"] = new string('r', ContentRequestIds.MaxLength) })!.Length);
    }
}
