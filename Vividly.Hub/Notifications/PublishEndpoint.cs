using Microsoft.AspNetCore.Mvc;
using Vividly.Hub.Auth;

namespace Vividly.Hub.Notifications;

/// <summary>What every publish endpoint declares: the publish role, a body bound and the answers it gives.</summary>
internal static class PublishEndpoint
{
    /// <summary>
    /// The body is read by hand (to name the field a bad one breaks in), so its shape is declared
    /// here for the OpenAPI document; bodies above <paramref name="maxBodyBytes"/> are refused with 413 unread.
    /// </summary>
    public static RouteHandlerBuilder AsPublishEndpoint<TRequest, TResult>(this RouteHandlerBuilder endpoint, string name, long maxBodyBytes)
        where TRequest : notnull =>
        endpoint
            .RequireAuthorization(AuthServiceCollectionExtensions.PublishPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(maxBodyBytes))
            .WithName(name).Accepts<TRequest>("application/json")
            .Produces<TResult>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
