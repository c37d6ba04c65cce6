using Microsoft.AspNetCore.SignalR;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Notifications;

/// <summary>
/// A hub method that needed the store while it could not answer fails that invocation only, with
/// a retryable <see cref="HubException"/> (<see cref="HubErrors.Unavailable"/>); the connection stays open.
/// </summary>
public sealed class StoreUnavailableHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (StoreUnavailableException ex)
        {
            throw new HubException(HubErrors.UnavailableMessage(ex.Message, ex.RetryAfterSeconds), ex);
        }
    }
}
