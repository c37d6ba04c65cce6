using Vividly.Hub;

var builder = WebApplication.CreateBuilder(args);
builder.AddVividlyHub();

var app = builder.Build();
app.MapVividlyHub();
app.Run();

/// <summary>The entry point, visible to the functional tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
