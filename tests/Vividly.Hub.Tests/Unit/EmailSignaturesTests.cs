using Microsoft.Extensions.Options;
using Vividly.Hub.Auth;
using Vividly.Hub.Email;

namespace Vividly.Hub.Tests.Unit;

public sealed class EmailSignaturesTests
{
    private const string OldKey = "the-key-before-the-rotation-0123456789";
    private const string NewKey = "the-key-after-the-rotation-01234567890";

    private static EmailSignatures With(string key, string? previous = null) =>
        new(Options.Create(new JwtOptions { SecretKey = key, SecretKeyPrevious = previous }));

    [Fact]
    public void A_token_carries_its_value_and_is_refused_for_another_purpose_or_key()
    {
        var token = With(OldKey).Token(EmailSignatures.Unsubscribe, "student-1");

        Assert.Equal("student-1", With(OldKey).Read(EmailSignatures.Unsubscribe, token).Value);
        Assert.True(With(OldKey).Read(EmailSignatures.Open, token).IsForged);
        Assert.True(With(NewKey).Read(EmailSignatures.Unsubscribe, token).IsForged);
    }

    [Fact]
    public void Links_sent_before_a_key_rotation_keep_working_while_the_previous_key_is_set()
    {
        var token = With(OldKey).Token(EmailSignatures.Unsubscribe, "student-1");

        Assert.Equal("student-1", With(NewKey, previous: OldKey).Read(EmailSignatures.Unsubscribe, token).Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData(".signature-only")]
    [InlineData("!!!.abc")]
    public void A_malformed_token_is_neither_a_value_nor_forged(string? token)
    {
        var read = With(OldKey).Read(EmailSignatures.Unsubscribe, token);

        Assert.Equal((null, false), (read.Value, read.IsForged));
    }
}
