using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Vividly.Hub.Client.Contract;

namespace Vividly.Testing;

/// <summary>
/// A .NET team's client of the hub: <c>HubConnectionBuilder</c> with SSE, a token provider that
/// mints a fresh token each call, <c>WithAutomaticReconnect()</c> with its default delays and the
/// contract's minimal app logic (resume on every <c>ConnectionEstablished</c> and
/// <c>ResumeRequested</c>, drop duplicates by seq). None of the project's own reconnect logic.
/// </summary>
public sealed class StockDotnetClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Lock _lock = new();
    private readonly HashSet<long> _shown = [];
    private long _caughtUp;

    /// <param name="stickyCookie">A load balancer cookie the client already holds, as a browser would from earlier visits.</param>
    public StockDotnetClient(int index, Uri hub, string userId, StockClientSettings settings, Cookie? stickyCookie = null)
    {
        Got = new StockClientRecording("dotnet", index, userId);
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(hub, HubMethods.HubPath), HttpTransportType.ServerSentEvents, options =>
            {
                options.AccessTokenProvider = () =>
                {
                    Record(StockClientEvent.TokenRequested);
                    return Task.FromResult<string?>(TestTokens.Factory.Create(userId, settings.TokenLifetime));
                };
                if (stickyCookie is not null) options.Cookies.Add(new Cookie(stickyCookie.Name, stickyCookie.Value, "/", hub.Host));
            })
            .AddJsonProtocol(options => ContractJson.Apply(options.PayloadSerializerOptions))
            .WithAutomaticReconnect()
            .Build();
        _connection.KeepAliveInterval = settings.KeepAliveInterval;
        _connection.ServerTimeout = settings.ServerTimeout;

        _connection.On<ConnectionInfo>(HubMethods.ConnectionEstablished, info =>
        {
            Got.Add(new StockClientEvent(StockClientEvent.Connected, Stopwatch.GetTimestamp(), ConnectionId: info.ConnectionId, InstanceId: info.InstanceId));
            _ = ResumeAsync();
        });
        _connection.On<ResumeRequest>(HubMethods.ResumeRequested, request => _ = ResumeAsync());
        _connection.On<Notification>(HubMethods.Notification, Show);
        _connection.On<InboxChange>(HubMethods.InboxChanged, _ => { });
        _connection.Reconnecting += error => Recorded(StockClientEvent.Reconnecting, error);
        _connection.Reconnected += _ => Recorded(StockClientEvent.Reconnected, null);
        _connection.Closed += error => Recorded(StockClientEvent.Closed, error);
    }

    public StockClientRecording Got { get; }

    public async Task StartAsync()
    {
        try
        {
            await _connection.StartAsync();
            Record(StockClientEvent.Started);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException or OperationCanceledException)
        {
            Got.Add(new StockClientEvent(StockClientEvent.StartFailed, Stopwatch.GetTimestamp(), Error: ex.Message,
                Status: (int?)(ex as HttpRequestException)?.StatusCode));
        }
    }

    public Task StopAsync() => _connection.StopAsync();

    private async Task ResumeAsync()
    {
        try
        {
            var after = Volatile.Read(ref _caughtUp);
            while (true)
            {
                var page = await _connection.InvokeAsync<ResumePage>(HubMethods.ResumeFrom, after);
                foreach (var notification in page.Notifications) Show(notification);
                lock (_lock) _caughtUp = Math.Max(_caughtUp, page.RemovedThroughSeq);
                after = page.Notifications.Select(n => n.Seq).Append(after).Max();
                if (!page.HasMore) return;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The connection went away mid-resume: the next ConnectionEstablished resumes again.
            Got.Add(new StockClientEvent(StockClientEvent.ResumeFailed, Stopwatch.GetTimestamp(), Error: ex.Message));
        }
    }

    private void Show(Notification notification)
    {
        lock (_lock)
        {
            if (notification.Seq <= _caughtUp || !_shown.Add(notification.Seq))
            {
                Got.Add(new StockClientEvent(StockClientEvent.Duplicate, Stopwatch.GetTimestamp(), notification.Seq));
                return;
            }
            while (_shown.Contains(_caughtUp + 1)) _caughtUp++;
            Got.Add(new StockClientEvent(StockClientEvent.Notification, Stopwatch.GetTimestamp(), notification.Seq));
        }
    }

    private void Record(string kind) => Got.Add(new StockClientEvent(kind, Stopwatch.GetTimestamp()));

    private Task Recorded(string kind, Exception? error)
    {
        Got.Add(new StockClientEvent(kind, Stopwatch.GetTimestamp(), Error: error?.Message));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
