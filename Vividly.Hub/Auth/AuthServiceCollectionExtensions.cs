using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Vividly.Hub.Client.Auth;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Auth;

public static class AuthServiceCollectionExtensions
{
    public const string PublishPolicy = "publish";
    public const string AdminPolicy = "admin";

    /// <summary>
    /// HS256 bearer tokens as the contract has them: issuer, audience and expiry required, algorithm
    /// pinned; signed with <c>SECRET_KEY</c> or, while a rotation lasts, <c>SECRET_KEY_PREVIOUS</c>.
    /// </summary>
    public static IServiceCollection AddHubAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<JwtOptions>()
            .Bind(configuration)
            .PostConfigure(options =>
            {
                options.SecretKey = HubTokenSettings.SecretKeyOrDevelopment(options.SecretKey, environment)!;
                // Set but empty (a secret emptied once the rotation is over) is unset.
                if (string.IsNullOrEmpty(options.SecretKeyPrevious)) options.SecretKeyPrevious = null;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwt) =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Value.Issuer,
                    ValidAudience = jwt.Value.Audience,
                    // Tokens carry no key id, so each key is tried: the current one, then the previous one.
                    IssuerSigningKeys = jwt.Value.ValidationKeys.Select(key => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key))).ToList(),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(jwt.Value.ClockSkewSeconds),
                    NameClaimType = UserClaims.Subject,
                    RoleClaimType = Roles.ClaimType,
                };
                bearer.Events = new JwtBearerEvents
                {
                    // Everything is keyed by user: a token whose subject is blank, or not text a store keeps, names nobody.
                    OnTokenValidated = context =>
                    {
                        if (!TextRules.IsUserId(context.Principal?.UserId())) context.Fail("The token's sub claim names no user.");
                        else context.Principal = context.Principal!.Trimmed();
                        return Task.CompletedTask;
                    },
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(PublishPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Publish))
            .AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin))
            .SetFallbackPolicy(null);
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        // Signs with the secret the hub checks with (the Development API's demo tokens).
        services.AddSingleton(provider =>
        {
            var jwt = provider.GetRequiredService<IOptions<JwtOptions>>().Value;
            return new HubTokenFactory(new HubTokenSettings(jwt.SecretKey, jwt.Issuer, jwt.Audience), provider.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
