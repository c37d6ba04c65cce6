using System.Text.Json;
using Vividly.Hub.Client.Contract;
using Vividly.Worker.Generation;

namespace Vividly.Worker.PubSub;

public static partial class PushApi
{
    /// <summary>
    /// Answers 2xx only once the hub has accepted every notification of the request, so Pub/Sub
    /// redelivers on failure; the idempotency keys keep a redelivery from showing anything twice.
    /// A delivery that can never succeed gets 400, which Pub/Sub dead-letters.
    /// </summary>
    public static WebApplication MapPushApi(this WebApplication app)
    {
        app.MapPost("/pubsub/push", PushAsync);
        return app;
    }

    private static async Task<IResult> PushAsync(HttpRequest http, ContentGenerationRunner runner, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(PushApi));
        PushEnvelope? envelope;
        try
        {
            envelope = await http.ReadFromJsonAsync<PushEnvelope>(ContractJson.Options, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return BadDelivery("The body is not a Pub/Sub push envelope.");
        }

        var request = ContentRequest.TryDecode(envelope?.Message, ContractJson.Options, out var error);
        if (request is null) return BadDelivery(error);

        try
        {
            var outcome = await runner.RunAsync(request, cancellationToken);
            return TypedResults.Ok(new { request_id = request.RequestId, outcome });
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.HubUnavailable(logger, request.RequestId, envelope?.Message?.Id, ex);
            return TypedResults.Problem("The notification hub did not accept the notifications; Pub/Sub will redeliver.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Hub unavailable");
        }
    }

    private static IResult BadDelivery(string detail) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["message.data"] = [detail] }, detail);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Request {RequestId} (message {MessageId}) not acknowledged: the hub did not accept its notifications")]
        public static partial void HubUnavailable(ILogger logger, string requestId, string? messageId, Exception exception);
    }
}
