using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Vividly.Hub.Client.Contract;
using Vividly.LoadTest.Metrics;

namespace Vividly.LoadTest.Connections;

/// <summary>
/// A device on the stock .NET SignalR client, for the stock baseline: Server-Sent Events, the
/// stock automatic reconnect, and no resume, so what a connection misses live stays missed.
/// </summary>
internal sealed class StockDevice : IDeviceClient
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly HubConnection _connection;
    private readonly RunCounters _counters;
    private volatile bool _disposed;

    public StockDevice(Uri hub, string token, Func<HttpMessageHandler, HttpMessageHandler> handlers, DeviceEvents events)
    {
        _counters = events.Counters;
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(hub, HubMethods.HubPath), HttpTransportType.ServerSentEvents, http =>
            {
                http.AccessTokenProvider = () => Task.FromResult<string?>(token);
                http.HttpMessageHandlerFactory = handlers;
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions = ContractJson.Options)
            .WithAutomaticReconnect()
            .Build();
        _connection.On<JsonElement>(HubMethods.ConnectionEstablished, _ => events.Established());
        _connection.On<Notification>(HubMethods.Notification, events.Received);
        _connection.Reconnecting += _ =>
        {
            _counters.Reconnecting();
            return Task.CompletedTask;
        };
        // The stock reconnect gives up after four tries; a connection closed for good is an error.
        _connection.Closed += error =>
        {
            if (!_disposed) _counters.Closed(error?.Message ?? "the connection closed");
            return Task.CompletedTask;
        };
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await _connection.StartAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not ObjectDisposedException)
            {
                _counters.ConnectFailed(ex.Message);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _connection.DisposeAsync();
    }
}
