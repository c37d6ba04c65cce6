using Vividly.Hub.Inbox;

namespace Vividly.Hub.Notifications;

public static class NotificationsApi
{
    public const string Prefix = "/api/v1/notifications";

    public static WebApplication MapNotificationsApi(this WebApplication app)
    {
        app.MapGroup(Prefix).MapInboxApi().MapPublishApi();
        return app;
    }
}
