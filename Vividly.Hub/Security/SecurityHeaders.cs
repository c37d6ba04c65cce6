namespace Vividly.Hub.Security;

/// <summary>
/// Headers every answer carries, pages, API, errors and the SSE stream alike: nothing is framed,
/// sniffed or told where it came from, and the web app may load and reach only this origin.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The built web app is one script and one stylesheet from this origin and talks only to it;
    /// React sets inline styles through the CSSOM, which style-src does not govern, and the app
    /// shows no images from elsewhere.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Set as the answer starts: the exception handler clears headers set before it.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
