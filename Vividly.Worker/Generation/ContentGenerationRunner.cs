using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Client.Publishing;
using Vividly.Worker.PubSub;

namespace Vividly.Worker.Generation;

/// <summary>
/// Drives one content request through the pipeline and tells the student: started, a progress
/// notification per stage, then completed or failed. Each carries the idempotency key
/// <c>{request_id}:{stage}</c>, so running a redelivered request again adds nothing the
/// student has seen.
/// </summary>
public sealed partial class ContentGenerationRunner(IContentPipeline pipeline, INotificationPublisher hub, ILogger<ContentGenerationRunner> logger)
{
    public async Task<string> RunAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        using var run = WorkerActivities.Source.StartActivity("content request");
        run?.SetTag("vividly.content_request.id", request.RequestId);
        var outcome = await RunStagesAsync(request, cancellationToken);
        run?.SetTag("vividly.content_request.outcome", outcome);
        return outcome;
    }

    private async Task<string> RunStagesAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        await PublishAsync(request, "started", NotificationTypes.GenerationStarted, "We're making your video",
            $"Your video about \"{request.Topic}\" has started.", Progress(0), cancellationToken);

        var stages = pipeline.Stages;
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            try
            {
                using var running = WorkerActivities.Source.StartActivity($"stage {stage.Name}");
                await pipeline.RunStageAsync(request, stage, cancellationToken);
            }
            catch (ContentGenerationFailedException failure)
            {
                Log.Failed(logger, request.RequestId, stage.Name, failure.Message);
                var failed = Progress(100 * i / stages.Count);
                failed["error_message"] = failure.Message;
                await PublishAsync(request, "failed", NotificationTypes.GenerationFailed, "We couldn't make your video",
                    failure.Message, failed, cancellationToken);
                return "failed";
            }

            var progress = Progress(100 * (i + 1) / stages.Count);
            progress["stage"] = stage.Name;
            await PublishAsync(request, stage.Name, NotificationTypes.GenerationProgress, stage.Description,
                $"Step {i + 1} of {stages.Count} done for \"{request.Topic}\".", progress, cancellationToken);
        }

        var video = await pipeline.FinishAsync(request, cancellationToken);
        var completed = Progress(100);
        completed["content_id"] = video.ContentId;
        completed["video_url"] = video.VideoUrl;
        completed["thumbnail_url"] = video.ThumbnailUrl;
        completed["duration_seconds"] = video.DurationSeconds;
        await PublishAsync(request, "completed", NotificationTypes.GenerationCompleted, "Your video is ready",
            request.Topic, completed, cancellationToken);
        Log.Completed(logger, request.RequestId, video.ContentId);
        return "completed";

        JsonObject Progress(int percentage) => new()
        {
            ["content_request_id"] = request.RequestId,
            ["progress_percentage"] = percentage,
        };
    }

    /// <summary>Its span covers every attempt; each attempt's hub call is a span of the SignalR client's beneath it.</summary>
    private async Task PublishAsync(ContentRequest request, string step, string type, string title, string message, JsonObject payload, CancellationToken cancellationToken)
    {
        using var publish = WorkerActivities.Source.StartActivity($"publish {step}");
        await hub.PublishAsync(new PublishRequest(request.StudentId, type, title, message,
            type == NotificationTypes.GenerationProgress ? NotificationPriorities.Low : NotificationPriorities.Normal,
            payload, $"{request.RequestId}:{step}"), cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Request {RequestId} completed as {ContentId}")]
        public static partial void Completed(ILogger logger, string requestId, string contentId);

        [LoggerMessage(2, LogLevel.Information, "Request {RequestId} failed at {Stage}: {Reason}")]
        public static partial void Failed(ILogger logger, string requestId, string stage, string reason);
    }
}
