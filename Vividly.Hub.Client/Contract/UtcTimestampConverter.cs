using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vividly.Hub.Client.Contract;

/// <summary>Writes times as RFC 3339 in UTC with a <c>Z</c>, as the rest of the Vividly API does.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
