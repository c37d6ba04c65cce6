namespace Vividly.Hub.Notifications;

/// <summary>Every connection of a user joins the user's group, on whichever instance it lands.</summary>
public static class UserGroups
{
    public static string For(string userId) => $"user:{userId}";
}
