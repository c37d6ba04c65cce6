using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Vividly.Hub.Notifications;

/// <summary>
/// SignalR's JSON protocol, except that an invocation nesting deeper than the protocol's own
/// reader goes (64 levels, not configurable) fails that invocation with a <see cref="HubException"/>
/// instead of closing the caller's connection, which would drop every publish it has in flight.
/// </summary>
public sealed class DepthSafeJsonHubProtocol(IOptions<JsonHubProtocolOptions> options) : IHubProtocol
{
    private const byte RecordSeparator = 0x1e;
    private const int ProtocolReaderDepth = 64;
    private const int InvocationType = 1;
    private const int StreamInvocationType = 4;

    private readonly JsonHubProtocol _json = new(options);

    public string Name => _json.Name;

    public int Version => _json.Version;

    public TransferFormat TransferFormat => _json.TransferFormat;

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(message);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var unread = input;
        try
        {
            return _json.TryParseMessage(ref input, binder, out message);
        }
        // Only a frame the protocol could not read is scanned again: every other frame is read once.
        catch (InvalidDataException) when (unread.PositionOf(RecordSeparator) is { } end && TooDeepInvocation(unread.Slice(0, end)) is { } invocation)
        {
            input = unread.Slice(unread.GetPosition(1, end));
            message = new InvocationBindingFailureMessage(invocation.Id, invocation.Target, ExceptionDispatchInfo.Capture(new HubException(
                $"The arguments nest deeper than {ProtocolReaderDepth} levels; a publish payload may nest at most {PayloadRules.MaxDepth}.")));
            return true;
        }
    }

    /// <summary>
    /// The invocation's id and target when the frame is an invocation the protocol would stop
    /// reading for depth; null for anything else, which the protocol reads, or refuses, as ever.
    /// </summary>
    private static (string? Id, string Target)? TooDeepInvocation(ReadOnlySequence<byte> frame)
    {
        // The frame is at most MaximumReceiveMessageSize bytes, so this depth is never the limit.
        var reader = new Utf8JsonReader(frame, new JsonReaderOptions { MaxDepth = (int)Math.Min(frame.Length + 1, int.MaxValue) });
        var deepest = 0;
        int? type = null;
        string? id = null, target = null;
        try
        {
            while (reader.Read())
            {
                deepest = Math.Max(deepest, reader.CurrentDepth);
                if (reader.CurrentDepth != 1 || reader.TokenType != JsonTokenType.PropertyName) continue;
                if (reader.ValueTextEquals("type"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)) type = value;
                else if (reader.ValueTextEquals("invocationId"u8) && reader.Read() && reader.TokenType == JsonTokenType.String) id = reader.GetString();
                else if (reader.ValueTextEquals("target"u8) && reader.Read() && reader.TokenType == JsonTokenType.String) target = reader.GetString();
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
        return deepest >= ProtocolReaderDepth && type is InvocationType or StreamInvocationType && target is not null ? (id, target) : null;
    }
}
