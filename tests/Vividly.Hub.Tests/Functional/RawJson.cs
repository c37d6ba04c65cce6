using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vividly.Hub.Tests.Functional;

/// <summary>A hub argument sent exactly as written, lone surrogates and repeated names included, as a hostile client would.</summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed record RawJson(string Text);

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Only ever sent.");

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Text, skipInputValidation: true);
}
