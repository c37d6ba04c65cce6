using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Vividly.Hub.Client;

namespace Vividly.LoadTest.Connections;

/// <summary>A device on the typed client: it resumes after every (re)connect and raises each seq once.</summary>
internal sealed class VividlyDevice : IDeviceClient
{
    private readonly NotificationHubClient _client;

    public VividlyDevice(Uri hub, string token, Func<HttpMessageHandler, HttpMessageHandler> handlers, ILogger<NotificationHubClient> logger, DeviceEvents events)
    {
        _client = new NotificationHubClient(
            new NotificationHubClientOptions
            {
                HubUrl = hub,
                AccessTokenProvider = _ => ValueTask.FromResult(token),
                HttpMessageHandlerFactory = handlers,
            },
            logger);
        _client.Connected += _ => events.Established();
        _client.NotificationReceived += events.Received;
        _client.StateChanged += state =>
        {
            if (state == HubConnectionState.Reconnecting) events.Counters.Reconnecting();
        };
    }

    public Task StartAsync(CancellationToken cancellationToken) => _client.StartAsync(cancellationToken);

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
