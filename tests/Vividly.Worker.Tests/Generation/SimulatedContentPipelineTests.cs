using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vividly.Worker.Generation;
using Vividly.Worker.PubSub;

namespace Vividly.Worker.Tests.Generation;

public sealed class SimulatedContentPipelineTests
{
    private readonly FakeTimeProvider _time = new();

    private SimulatedContentPipeline Pipeline(double failureRate, int stageMilliseconds = 0) =>
        new(Options.Create(new SimulatedPipelineOptions { FailureRate = failureRate, StageMilliseconds = stageMilliseconds }), _time);

    private static ContentRequest Request(string id) => new(id, "student-1", "Volcanoes");

    private static async Task<string?> FailingStageAsync(SimulatedContentPipeline pipeline, ContentRequest request)
    {
        foreach (var stage in pipeline.Stages)
        {
            try
            {
                await pipeline.RunStageAsync(request, stage, TestContext.Current.CancellationToken);
            }
            catch (ContentGenerationFailedException)
            {
                return stage.Name;
            }
        }
        return null;
    }

    [Fact]
    public void The_stages_are_the_generation_services_in_order()
    {
        Assert.Equal(["nlu", "rag", "script", "tts", "video"], Pipeline(0).Stages.Select(s => s.Name));
    }

    [Fact]
    public async Task A_stage_takes_the_configured_time_on_the_pipelines_clock()
    {
        var pipeline = Pipeline(0, stageMilliseconds: 1500);
        var stage = pipeline.RunStageAsync(Request("r"), pipeline.Stages[0], TestContext.Current.CancellationToken);

        _time.Advance(TimeSpan.FromMilliseconds(1499));
        Assert.False(stage.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await stage.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task With_no_failure_rate_no_request_fails()
    {
        var pipeline = Pipeline(0);
        foreach (var i in Enumerable.Range(0, 200)) Assert.Null(await FailingStageAsync(pipeline, Request($"req-{i}")));
    }

    [Fact]
    public async Task With_a_failure_rate_of_one_every_request_fails_at_the_script_stage()
    {
        var pipeline = Pipeline(1);
        foreach (var i in Enumerable.Range(0, 50)) Assert.Equal("script", await FailingStageAsync(pipeline, Request($"req-{i}")));
    }

    [Fact]
    public async Task About_the_configured_share_of_requests_fails_and_a_redelivery_ends_the_same_way()
    {
        var pipeline = Pipeline(0.3);
        var failing = new List<string>();
        foreach (var i in Enumerable.Range(0, 1000))
            if (await FailingStageAsync(pipeline, Request($"req-{i}")) is not null) failing.Add($"req-{i}");

        Assert.InRange(failing.Count, 250, 350);
        foreach (var id in failing.Take(20)) Assert.Equal("script", await FailingStageAsync(pipeline, Request(id)));
    }

    [Fact]
    public async Task The_video_follows_from_the_request_id()
    {
        var pipeline = Pipeline(0);
        var first = await pipeline.FinishAsync(Request("req-1"), TestContext.Current.CancellationToken);

        Assert.Equal(first, await pipeline.FinishAsync(Request("req-1"), TestContext.Current.CancellationToken));
        Assert.NotEqual(first.ContentId, (await pipeline.FinishAsync(Request("req-2"), TestContext.Current.CancellationToken)).ContentId);
        Assert.Matches("^vid_[0-9]{9}$", first.ContentId);
        Assert.Equal($"/video/{first.ContentId}", first.VideoUrl);
        Assert.InRange(first.DurationSeconds, 120, 299);
    }
}
