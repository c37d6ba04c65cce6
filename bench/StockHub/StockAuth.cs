using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace StockHub;

/// <summary>JWT bearer as the ASP.NET Core SignalR documentation shows it: HS256, the token in <c>access_token</c> on the hub path.</summary>
public static class StockAuth
{
    public const string PublishPolicy = "publish";
    private const string SubjectClaim = "sub";
    private const string RolesClaim = "roles";
    private const string PublishRole = "notifications.publish";

    public static IServiceCollection AddStockAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<StockOptions>>((bearer, stock) =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = stock.Value.Issuer,
                    ValidAudience = stock.Value.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(stock.Value.SecretKey)),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = SubjectClaim,
                    RoleClaimType = RolesClaim,
                };
                bearer.Events = new JwtBearerEvents
                {
                    // EventSource cannot set headers, so SignalR sends the token in the query string.
                    OnMessageReceived = context =>
                    {
                        var token = context.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments(StockNotificationHub.Path))
                            context.Token = token;
                        return Task.CompletedTask;
                    },
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(PublishPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(PublishRole));
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        return services;
    }

    /// <summary>Groups connections by the token's <c>sub</c>, for <c>Clients.User</c>.</summary>
    private sealed class SubjectUserIdProvider : IUserIdProvider
    {
        public string? GetUserId(HubConnectionContext connection) => connection.User.FindFirst(SubjectClaim)?.Value;
    }
}
