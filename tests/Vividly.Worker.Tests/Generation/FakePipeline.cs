using Vividly.Worker.Generation;
using Vividly.Worker.PubSub;

namespace Vividly.Worker.Tests.Generation;

/// <summary>Three instant stages; the one named in <see cref="FailAt"/> fails for good.</summary>
public sealed class FakePipeline : IContentPipeline
{
    public static readonly GeneratedVideo Video = new("vid_000000042", "/video/vid_000000042", "/video/vid_000000042/thumbnail.jpg", 150);

    public string? FailAt { get; init; }

    public IReadOnlyList<GenerationStage> Stages { get; } = [new("one", "Stage one"), new("two", "Stage two"), new("three", "Stage three")];

    public Task RunStageAsync(ContentRequest request, GenerationStage stage, CancellationToken cancellationToken) =>
        stage.Name == FailAt ? throw new ContentGenerationFailedException($"{stage.Name} failed") : Task.CompletedTask;

    public Task<GeneratedVideo> FinishAsync(ContentRequest request, CancellationToken cancellationToken) => Task.FromResult(Video);
}
