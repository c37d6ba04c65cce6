using Microsoft.Extensions.Primitives;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Auth;

/// <summary>
/// Browsers cannot set headers on an EventSource, so the hub path and the plain stream's
/// <c>GET</c> alone accept <c>?access_token=</c>. The token moves into the Authorization header
/// and out of the query string before anything later can see or log the URL.
/// </summary>
public sealed class QueryTokenMiddleware(RequestDelegate next)
{
    private const string Parameter = "access_token";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Query.TryGetValue(Parameter, out var token) &&
            (request.Path.StartsWithSegments(HubMethods.HubPath, StringComparison.OrdinalIgnoreCase) ||
             (HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments(Routes.Stream, StringComparison.OrdinalIgnoreCase))))
        {
            if (StringValues.IsNullOrEmpty(request.Headers.Authorization))
                request.Headers.Authorization = $"Bearer {token}";
            var rest = request.Query.Where(p => p.Key != Parameter).Select(p => new KeyValuePair<string, StringValues>(p.Key, p.Value));
            request.QueryString = QueryString.Create(rest);
        }
        return next(context);
    }
}
