using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Notifications;

namespace Vividly.Hub.Tests.Unit;

public sealed class PublishValidatorTests
{
    private static PublishRequest Valid() => new("student-1", NotificationTypes.GenerationCompleted, "Ready", "Your video", null,
        new JsonObject { ["content_id"] = "vid_1" }, "req-1:completed");

    [Fact]
    public void A_valid_request_defaults_priority_to_normal()
    {
        var errors = PublishValidator.Validate(Valid(), out var notification);
        Assert.Empty(errors);
        Assert.Equal(NotificationPriorities.Normal, notification!.Priority);
        Assert.Equal("vid_1", notification.Payload!["content_id"]!.GetValue<string>());
    }

    public static TheoryData<PublishRequest, string> Invalid => new()
    {
        { Valid() with { UserId = "" }, "user_id" },
        { Valid() with { UserId = new string('u', 129) }, "user_id" },
        { Valid() with { Type = "video.exploded" }, "type" },
        { Valid() with { Title = " " }, "title" },
        { Valid() with { Title = new string('t', 201) }, "title" },
        { Valid() with { Message = new string('m', 2001) }, "message" },
        { Valid() with { Message = null! }, "message" },
        { Valid() with { Priority = "whenever" }, "priority" },
        { Valid() with { IdempotencyKey = "" }, "idempotency_key" },
        { Valid() with { Payload = new JsonObject { ["blob"] = new string('x', 16 * 1024) } }, "payload" },
        { Valid() with { UserId = "student\u0001" }, "user_id" },
        { Valid() with { Title = "half \ud83d" }, "title" },
        { Valid() with { Title = "two\nlines" }, "title" },
        { Valid() with { Message = "nul\u0000" }, "message" },
        { Valid() with { Message = "low \ude00 first" }, "message" },
        { Valid() with { IdempotencyKey = "key\u009b" }, "idempotency_key" },
        { Valid() with { Payload = Nested(PayloadRules.MaxDepth + 1) }, "payload" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_requests_name_the_field(PublishRequest request, string field)
    {
        var errors = PublishValidator.Validate(request, out var notification);
        Assert.Null(notification);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void A_payload_at_the_depth_limit_and_a_multi_line_message_are_accepted()
    {
        var request = Valid() with { Payload = Nested(PayloadRules.MaxDepth), Message = "one\ttwo\r\nthree 🎬" };
        Assert.Empty(PublishValidator.Validate(request, out _));
    }

    /// <summary>A payload of exactly <paramref name="levels"/> levels, itself the first.</summary>
    private static JsonObject Nested(int levels)
    {
        var payload = new JsonObject();
        var inner = payload;
        for (var level = 2; level <= levels; level++) inner = (JsonObject)(inner["a"] = new JsonObject());
        return payload;
    }

    [Fact]
    public void The_largest_allowed_fields_fit_the_size_limit()
    {
        var request = Valid() with { Title = new string('t', 200), Message = new string('m', 2000) };
        Assert.Empty(PublishValidator.Validate(request, out _));
    }
}
