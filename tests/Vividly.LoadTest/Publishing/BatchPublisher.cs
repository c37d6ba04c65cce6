using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Vividly.Hub.Client.Contract;

namespace Vividly.LoadTest.Publishing;

/// <summary>
/// <c>POST /api/v1/notifications/publish/batch</c>, round robin over the hubs, no retries. The
/// requests started together (each pacer tick's, sent by <see cref="Flush"/>) go out as one batch,
/// split at the batch size; what nobody flushes goes within <see cref="Linger"/>. A request's
/// publish time is therefore its batch's round trip; one the hub refused alone fails alone.
/// </summary>
internal sealed class BatchPublisher : IPublisher
{
    /// <summary>The pacer's tick: a request published outside its ticks (the warm-up) waits no longer.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(5);

    private readonly HttpClient _client;
    private readonly Uri[] _targets;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly int _batchSize;
    private readonly Lock _lock = new();
    private readonly PeriodicTimer _linger = new(Linger);
    private readonly Task _lingering;
    private List<PendingPublish> _pending = [];
    private long _next = -1;

    public BatchPublisher(HttpClient client, IReadOnlyList<Uri> hubs, string token, int batchSize)
    {
        _client = client;
        _targets = [.. hubs.Select(h => new Uri(h, Routes.PublishBatch))];
        _authorization = new AuthenticationHeaderValue("Bearer", token);
        _batchSize = batchSize;
        _lingering = LingerAsync();
    }

    public ValueTask<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        var pending = new PendingPublish(request, cancellationToken);
        List<PendingPublish>? full = null;
        lock (_lock)
        {
            _pending.Add(pending);
            if (_pending.Count >= _batchSize) full = Take();
        }
        if (full is not null) _ = SendAsync(full);
        return new ValueTask<PublishResult>(pending.Answer.Task);
    }

    /// <summary>Sends what is waiting as one batch.</summary>
    public void Flush()
    {
        List<PendingPublish>? batch;
        lock (_lock) batch = _pending.Count > 0 ? Take() : null;
        if (batch is not null) _ = SendAsync(batch);
    }

    public async ValueTask DisposeAsync()
    {
        _linger.Dispose();
        await _lingering;
        Flush();
    }

    private List<PendingPublish> Take()
    {
        var batch = _pending;
        _pending = new List<PendingPublish>(_batchSize);
        return batch;
    }

    private async Task LingerAsync()
    {
        while (await _linger.WaitForNextTickAsync()) Flush();
    }

    private async Task SendAsync(List<PendingPublish> batch)
    {
        try
        {
            var cancellationToken = batch[0].CancellationToken;
            using var message = new HttpRequestMessage(HttpMethod.Post, _targets[Interlocked.Increment(ref _next) % _targets.Length])
            {
                Content = JsonContent.Create(new PublishBatchRequest([.. batch.Select(p => p.Request)]), options: ContractJson.Options),
            };
            message.Headers.Authorization = _authorization;
            using var response = await _client.SendAsync(message, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
                throw new HttpRequestException($"publish batch answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            var results = (await response.Content.ReadFromJsonAsync<PublishBatchResult>(ContractJson.Options, cancellationToken))?.Results;
            if (results?.Count != batch.Count) throw new HttpRequestException($"publish batch of {batch.Count} answered {results?.Count ?? 0} results");
            for (var i = 0; i < batch.Count; i++) batch[i].Settle(results[i]);
        }
        catch (Exception ex)
        {
            foreach (var pending in batch) pending.Answer.TrySetException(ex);
        }
    }

    private sealed record PendingPublish(PublishRequest Request, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<PublishResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Settle(PublishBatchItem item)
        {
            if (item is { Id: { } id, Seq: { } seq }) Answer.TrySetResult(new PublishResult(id, seq, item.Duplicate ?? false));
            else Answer.TrySetException(new HttpRequestException($"publish answered {item.Error?.Status} in a batch: {item.Error?.Detail}"));
        }
    }
}
