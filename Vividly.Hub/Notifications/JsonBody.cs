using System.Text.Json;

namespace Vividly.Hub.Notifications;

/// <summary>A request body read as JSON, or the 400 or 413 answer saying what is wrong with it.</summary>
public sealed record JsonBody(JsonDocument? Document, IResult? Refusal)
{
    /// <param name="what">Names the body in a 413, as in "A publish request is at most N bytes."</param>
    /// <param name="fieldWhereJsonBreaks">Names the field a body that is not JSON breaks in.</param>
    public static async Task<JsonBody> ReadAsync(
        HttpRequest http, long maxBytes, string what, Func<ReadOnlySpan<byte>, string> fieldWhereJsonBreaks, CancellationToken cancellationToken)
    {
        var tooLarge = new JsonBody(null, Problems.TooLarge($"{what} is at most {maxBytes} bytes."));
        if (http.ContentLength > maxBytes) return tooLarge;
        if (!http.HasJsonContentType())
            return new JsonBody(null, Problems.BadRequest("body", "The body must be JSON (Content-Type: application/json)."));

        byte[] body;
        try
        {
            // Buffered (the size is capped) so a body that is not JSON can be read again to name the field it breaks in.
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, cancellationToken);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return tooLarge;
        }

        try
        {
            // Read to any depth the size allows, so a payload too deep is refused naming payload.
            return new JsonBody(JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = (int)maxBytes }), null);
        }
        catch (JsonException)
        {
            return new JsonBody(null, Problems.BadRequest(fieldWhereJsonBreaks(body), "The body is not valid JSON."));
        }
    }
}
