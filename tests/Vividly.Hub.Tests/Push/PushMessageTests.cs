using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Push;

namespace Vividly.Hub.Tests.Push;

public sealed class PushMessageTests
{
    private static Notification Item(string priority = NotificationPriorities.Normal, JsonObject? payload = null, string message = "Photosynthesis") =>
        new("n1", 3, "u1", NotificationTypes.GenerationCompleted, "Your video is ready", message, priority, payload,
            new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero), null, null, null, null);

    [Theory]
    [InlineData(NotificationPriorities.Low, "low")]
    [InlineData(NotificationPriorities.Normal, "normal")]
    [InlineData(NotificationPriorities.High, "high")]
    [InlineData(NotificationPriorities.Urgent, "high")]
    public void Urgency_is_the_priority_on_rfc_8030s_scale(string priority, string urgency) =>
        Assert.Equal(urgency, PushMessage.For(Item(priority), null).Urgency);

    [Fact]
    public void Updates_of_one_request_share_a_topic_of_32_base64url_characters()
    {
        var started = PushMessage.For(Item(payload: new JsonObject { ["content_request_id"] = "req-🙂-" + new string('x', 80) }), null);
        var progress = PushMessage.For(Item(payload: new JsonObject { ["content_request_id"] = "req-🙂-" + new string('x', 80), ["progress_percentage"] = 40 }), null);
        var other = PushMessage.For(Item(payload: new JsonObject { ["content_request_id"] = "req-2" }), null);

        Assert.Equal(started.Topic, progress.Topic);
        Assert.NotEqual(started.Topic, other.Topic);
        Assert.Matches("^[A-Za-z0-9_-]{32}$", started.Topic);
        Assert.Null(PushMessage.For(Item(), null).Topic);
    }

    [Fact]
    public void The_payload_links_a_finished_video_on_the_app_and_tags_by_request()
    {
        var message = PushMessage.For(Item(NotificationPriorities.High, new JsonObject { ["content_request_id"] = "req-1", ["content_id"] = "vid 9" }),
            "https://app.vividly.example/");

        using var json = JsonDocument.Parse(message.Payload.ToUtf8Json());
        var root = json.RootElement;
        Assert.Equal("n1", root.GetProperty("id").GetString());
        Assert.Equal("Your video is ready", root.GetProperty("title").GetString());
        Assert.Equal("Photosynthesis", root.GetProperty("body").GetString());
        Assert.Equal("https://app.vividly.example/video/vid%209", root.GetProperty("url").GetString());
        Assert.Equal("req-1", root.GetProperty("tag").GetString());
        Assert.Equal("high", root.GetProperty("priority").GetString());
        Assert.Equal(NotificationTypes.GenerationCompleted, root.GetProperty("type").GetString());
    }

    [Fact]
    public void Without_a_video_or_app_url_the_link_is_the_notification_center_path_and_the_tag_the_id()
    {
        var payload = PushMessage.For(Item(), null).Payload;

        Assert.Equal("/notifications", payload.Url);
        Assert.Equal("n1", payload.Tag);
    }

    [Fact]
    public void A_body_too_long_for_one_record_is_shortened_to_fit()
    {
        var json = PushPayload.From(Item(message: string.Concat(Enumerable.Repeat("é🙂", 3000))), null).ToUtf8Json();

        Assert.True(json.Length <= Vividly.Hub.Push.WebPushEncryption.MaxPlaintextBytes, $"{json.Length} bytes");
        using var parsed = JsonDocument.Parse(json);
        var body = parsed.RootElement.GetProperty("body").GetString()!;
        Assert.EndsWith("…", body);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 1000);
    }
}
