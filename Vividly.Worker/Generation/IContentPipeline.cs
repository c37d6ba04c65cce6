using Vividly.Worker.PubSub;

namespace Vividly.Worker.Generation;

/// <summary>
/// The video generation services (NLU, RAG, script, TTS, rendering) as the worker drives them.
/// A stage that fails throws <see cref="ContentGenerationFailedException"/>; anything else
/// thrown is treated as transient and the delivery is retried. Stages are re-run on a
/// redelivery, so they must be safe to repeat for the same request.
/// </summary>
public interface IContentPipeline
{
    IReadOnlyList<GenerationStage> Stages { get; }

    Task RunStageAsync(ContentRequest request, GenerationStage stage, CancellationToken cancellationToken);

    Task<GeneratedVideo> FinishAsync(ContentRequest request, CancellationToken cancellationToken);
}

/// <param name="Name">Short and stable: it is part of the stage's idempotency key.</param>
/// <param name="Description">What the student reads while the stage runs.</param>
public sealed record GenerationStage(string Name, string Description);

public sealed record GeneratedVideo(string ContentId, string VideoUrl, string ThumbnailUrl, int DurationSeconds);

public sealed class ContentGenerationFailedException(string message) : Exception(message);
