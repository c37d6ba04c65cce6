using Vividly.Hub.Client.Auth;

namespace Vividly.Testing;

/// <summary>The secret every test hub runs with, and tokens signed with it.</summary>
public static class TestTokens
{
    public const string Secret = "vividly-tests-secret-long-enough-even-for-hs512-0123456789abcdef";

    public static HubTokenFactory Factory { get; } = new(new HubTokenSettings(Secret), TimeProvider.System);

    public static string Student(string userId) => Factory.Create(userId, TimeSpan.FromHours(1));

    public static string Publisher(string userId = "test-publisher") => Factory.Create(userId, TimeSpan.FromHours(1), Roles.Publish);

    public static string Admin(string userId = "test-admin") => Factory.Create(userId, TimeSpan.FromHours(1), Roles.Admin);
}
