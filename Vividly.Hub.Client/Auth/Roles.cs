namespace Vividly.Hub.Client.Auth;

public static class Roles
{
    /// <summary>May publish to any user: the worker, the backend.</summary>
    public const string Publish = "notifications.publish";

    /// <summary>May read the admin endpoints.</summary>
    public const string Admin = "notifications.admin";

    public const string ClaimType = "roles";
}
