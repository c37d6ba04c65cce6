using Vividly.Worker;

var builder = WebApplication.CreateBuilder(args);
builder.AddVividlyWorker();

var app = builder.Build();
app.MapVividlyWorker();
app.Run();

/// <summary>The entry point, visible to the tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
