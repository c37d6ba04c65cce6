using System.Text;
using System.Text.Json;
using Vividly.Hub.Client.Contract;
using Vividly.Worker.PubSub;

namespace Vividly.Worker.Tests.PubSub;

public sealed class PushEnvelopeTests
{
    private static PushMessage Message(string? data) => new(data, "m-1", null, null);

    private static PushEnvelope Parse(string body) => JsonSerializer.Deserialize<PushEnvelope>(body, ContractJson.Options)!;

    [Theory]
    [InlineData("message_id")]
    [InlineData("messageId")]
    public void The_message_id_is_read_under_either_of_Pub_Subs_spellings(string idField)
    {
        var envelope = Parse(PushBodies.Envelope(PushBodies.Data(new { request_id = "r", student_id = "s" }), idField));
        Assert.Equal("m-1", envelope.Message!.Id);
        Assert.Equal("projects/p/subscriptions/content", envelope.Subscription);
    }

    [Fact]
    public void A_content_request_is_decoded_from_the_base64_data()
    {
        var message = Message(PushBodies.Data(new { request_id = "req-1", student_id = "student-1", topic = "Photosynthesis" }));
        var request = ContentRequest.TryDecode(message, ContractJson.Options, out var error);
        Assert.Equal(new ContentRequest("req-1", "student-1", "Photosynthesis"), request);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void A_request_without_a_topic_gets_a_placeholder(string? topic)
    {
        var request = ContentRequest.TryDecode(Message(PushBodies.Data(new { request_id = "r", student_id = "s", topic })), ContractJson.Options, out _);
        Assert.Equal("your topic", request!.Topic);
    }

    public static TheoryData<string?, string> Unusable => new()
    {
        { null, "message.data is required." },
        { "", "message.data is required." },
        { "not base64!", "message.data must be base64 of a JSON content request." },
        { Convert.ToBase64String(Encoding.UTF8.GetBytes("not json")), "message.data must be base64 of a JSON content request." },
        { PushBodies.Data(new { student_id = "s" }), "The content request needs request_id and student_id." },
        { PushBodies.Data(new { request_id = "r", student_id = " " }), "The content request needs request_id and student_id." },
        { PushBodies.Data(new { request_id = new string('r', 101), student_id = "s" }), "request_id or student_id is too long." },
        { PushBodies.Data(new { request_id = "r", student_id = new string('s', 129) }), "request_id or student_id is too long." },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public void Unusable_data_is_refused_with_the_reason(string? data, string reason)
    {
        Assert.Null(ContentRequest.TryDecode(Message(data), ContractJson.Options, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void The_longest_ids_allowed_are_accepted()
    {
        var request = ContentRequest.TryDecode(Message(PushBodies.Data(new { request_id = new string('r', 100), student_id = new string('s', 128) })),
            ContractJson.Options, out _);
        Assert.NotNull(request);
    }
}
