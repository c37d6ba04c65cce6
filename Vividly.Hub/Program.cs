using Vividly.Hub;
using Vividly.Hub.Push;

// A tool, not the service: prints a new VAPID key pair for Web Push and exits.
if (args is [VapidKeysCommand.Name])
{
    Console.Write(VapidKeysCommand.Run());
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddVividlyHub();

var app = builder.Build();
app.MapVividlyHub();
app.Run();

/// <summary>The entry point, visible to the functional tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
