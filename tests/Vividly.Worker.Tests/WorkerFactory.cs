using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Vividly.Hub.Client.Publishing;

namespace Vividly.Worker.Tests;

/// <summary>The worker in memory, publishing to a <see cref="RecordingPublisher"/> and never connecting to a hub.</summary>
public sealed class WorkerFactory : WebApplicationFactory<Program>
{
    public RecordingPublisher Hub { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("SIMULATED_STAGE_MS", "0");
        builder.ConfigureServices(services =>
        {
            // The only hosted service is the hub client's connector.
            services.RemoveAll<IHostedService>();
            services.Replace(ServiceDescriptor.Singleton<INotificationPublisher>(Hub));
        });
    }
}
