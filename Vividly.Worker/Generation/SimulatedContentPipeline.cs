using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Vividly.Worker.PubSub;

namespace Vividly.Worker.Generation;

/// <summary>
/// Stands in for the real generation services so the system runs and is tested end to end:
/// each stage waits <c>SIMULATED_STAGE_MS</c>, and a share <c>SIMULATED_FAILURE_RATE</c> of
/// requests fails at the script stage. Whether a request fails follows from its id, so a
/// redelivery ends the same way as the first attempt.
/// </summary>
public sealed class SimulatedContentPipeline(IOptions<SimulatedPipelineOptions> options, TimeProvider timeProvider) : IContentPipeline
{
    private const string FailingStage = "script";

    public IReadOnlyList<GenerationStage> Stages { get; } =
    [
        new("nlu", "Understanding your question"),
        new("rag", "Gathering sources"),
        new("script", "Writing the script"),
        new("tts", "Recording the narration"),
        new("video", "Rendering the video"),
    ];

    public async Task RunStageAsync(ContentRequest request, GenerationStage stage, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(options.Value.StageMilliseconds), timeProvider, cancellationToken);
        if (stage.Name == FailingStage && Fails(request))
            throw new ContentGenerationFailedException($"We could not write a script for \"{request.Topic}\".");
    }

    public Task<GeneratedVideo> FinishAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var contentId = $"vid_{Hash(request.RequestId) % 1_000_000_000:D9}";
        return Task.FromResult(new GeneratedVideo(contentId, $"/video/{contentId}", $"/video/{contentId}/thumbnail.jpg", 120 + (int)(Hash(contentId) % 180)));
    }

    private bool Fails(ContentRequest request) =>
        Hash(request.RequestId) % 10_000 < options.Value.FailureRate * 10_000;

    private static ulong Hash(string value) => BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
