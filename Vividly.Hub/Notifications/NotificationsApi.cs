using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Notifications;

public static class NotificationsApi
{
    public const string Prefix = Routes.Notifications;

    public static WebApplication MapNotificationsApi(this WebApplication app)
    {
        app.MapGroup(Prefix).AddEndpointFilter<StoreUnavailableAnswer>().MapInboxApi().MapPublishApi().MapPublishBatchApi();
        return app;
    }
}
