using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StockHub;

var builder = WebApplication.CreateBuilder(args);
var services = builder.Services;

services.AddOptions<StockOptions>().Bind(builder.Configuration).ValidateDataAnnotations().ValidateOnStart();
services.AddSingleton(TimeProvider.System);
services.AddProblemDetails();
services.AddHealthChecks();
services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
services.AddStockAuthentication();

services.AddSignalR()
    .AddJsonProtocol(json => json.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower)
    .AddStackExchangeRedis();
services.AddOptions<RedisOptions>().Configure<IOptions<StockOptions>>((redis, stock) => redis.Configuration = stock.Value.RedisConfiguration());
services.AddSingleton<IConnectionMultiplexer>(provider =>
    ConnectionMultiplexer.Connect(provider.GetRequiredService<IOptions<StockOptions>>().Value.RedisConfiguration()));

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

// Server-Sent Events only, as the Vividly hub, so both are measured on the same transport.
app.MapHub<StockNotificationHub>(StockNotificationHub.Path, hub => hub.Transports = HttpTransportType.ServerSentEvents);
app.MapPublish();
app.MapHealthChecks("/health/ready");

// Connected before the first request, so the first publish does not pay for it.
app.Services.GetRequiredService<IConnectionMultiplexer>();
app.Run();
