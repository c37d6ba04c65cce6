using Microsoft.Extensions.Logging.Abstractions;
using Vividly.Hub.Client.Contract;
using Vividly.Worker.Generation;
using Vividly.Worker.PubSub;

namespace Vividly.Worker.Tests.Generation;

public sealed class ContentGenerationRunnerTests
{
    private static readonly ContentRequest Request = new("req-1", "student-1", "Volcanoes");
    private readonly RecordingPublisher _hub = new();

    private ContentGenerationRunner Runner(FakePipeline pipeline) => new(pipeline, _hub, NullLogger<ContentGenerationRunner>.Instance);

    private static int Percentage(PublishRequest published) => published.Payload!["progress_percentage"]!.GetValue<int>();

    [Fact]
    public async Task A_request_tells_the_student_started_each_stage_and_completed_in_order()
    {
        Assert.Equal("completed", await Runner(new FakePipeline()).RunAsync(Request, TestContext.Current.CancellationToken));

        Assert.Equal(
            [NotificationTypes.GenerationStarted, NotificationTypes.GenerationProgress, NotificationTypes.GenerationProgress,
             NotificationTypes.GenerationProgress, NotificationTypes.GenerationCompleted],
            _hub.Published.Select(p => p.Type));
        Assert.Equal([0, 33, 66, 100, 100], _hub.Published.Select(Percentage));
        Assert.All(_hub.Published, p => Assert.Equal("student-1", p.UserId));
        Assert.All(_hub.Published, p => Assert.Equal("req-1", p.Payload!["content_request_id"]!.GetValue<string>()));
        Assert.Equal(["one", "two", "three"], _hub.Published.Skip(1).Take(3).Select(p => p.Payload!["stage"]!.GetValue<string>()));

        var completed = _hub.Published[^1];
        Assert.Equal(FakePipeline.Video.ContentId, completed.Payload!["content_id"]!.GetValue<string>());
        Assert.Equal(FakePipeline.Video.VideoUrl, completed.Payload["video_url"]!.GetValue<string>());
        Assert.Equal(FakePipeline.Video.DurationSeconds, completed.Payload["duration_seconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task Each_notification_carries_the_idempotency_key_of_its_step()
    {
        await Runner(new FakePipeline()).RunAsync(Request, TestContext.Current.CancellationToken);

        Assert.Equal(["req-1:started", "req-1:one", "req-1:two", "req-1:three", "req-1:completed"], _hub.Published.Select(p => p.IdempotencyKey));
    }

    [Fact]
    public async Task A_redelivered_request_publishes_the_same_keys_again()
    {
        var runner = Runner(new FakePipeline());
        await runner.RunAsync(Request, TestContext.Current.CancellationToken);
        await runner.RunAsync(Request, TestContext.Current.CancellationToken);

        var keys = _hub.Published.Select(p => p.IdempotencyKey).ToList();
        Assert.Equal(keys[..5], keys[5..]);
    }

    [Fact]
    public async Task Progress_is_low_priority_and_the_rest_normal()
    {
        await Runner(new FakePipeline()).RunAsync(Request, TestContext.Current.CancellationToken);

        Assert.Equal(
            [NotificationPriorities.Normal, NotificationPriorities.Low, NotificationPriorities.Low, NotificationPriorities.Low, NotificationPriorities.Normal],
            _hub.Published.Select(p => p.Priority));
    }

    [Fact]
    public async Task A_failed_stage_ends_the_request_with_a_failed_notification_and_runs_no_later_stage()
    {
        Assert.Equal("failed", await Runner(new FakePipeline { FailAt = "two" }).RunAsync(Request, TestContext.Current.CancellationToken));

        Assert.Equal(["req-1:started", "req-1:one", "req-1:failed"], _hub.Published.Select(p => p.IdempotencyKey));
        var failed = _hub.Published[^1];
        Assert.Equal(NotificationTypes.GenerationFailed, failed.Type);
        Assert.Equal("two failed", failed.Message);
        Assert.Equal("two failed", failed.Payload!["error_message"]!.GetValue<string>());
        Assert.Equal(33, Percentage(failed));
    }

    [Fact]
    public async Task A_publish_the_hub_did_not_accept_fails_the_run()
    {
        _hub.Failure = new HttpRequestException("The hub is down.");

        await Assert.ThrowsAsync<HttpRequestException>(() => Runner(new FakePipeline()).RunAsync(Request, TestContext.Current.CancellationToken));
    }
}
