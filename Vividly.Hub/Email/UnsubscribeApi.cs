using System.Net;

namespace Vividly.Hub.Email;

/// <summary>
/// <c>/api/v1/email/unsubscribe?token=</c>: <c>POST</c> unsubscribes (RFC 8058 one-click, and the
/// confirmation page's button); <c>GET</c> only shows that page, since mail scanners follow links.
/// No sign-in: the token, signed with <c>SECRET_KEY</c>, names the user.
/// </summary>
public static class UnsubscribeApi
{
    public static RouteGroupBuilder MapUnsubscribeApi(this RouteGroupBuilder email)
    {
        email.MapGet("/unsubscribe", Confirm).WithName("EmailUnsubscribePage").ExcludeFromDescription();
        email.MapPost("/unsubscribe", UnsubscribeAsync).WithName("EmailUnsubscribe").DisableAntiforgery()
            .Produces(StatusCodes.Status200OK, contentType: "text/html").ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        return email;
    }

    private static IResult Confirm(string? token, EmailSignatures signatures)
    {
        if (UserOf(token, signatures, out var refusal) is null) return refusal!;
        return Page("Unsubscribe from Vividly emails",
            $"""
             <p>Stop receiving Vividly notification emails? Failures and questions about your requests are still sent.</p>
             <form method="post" action="{WebUtility.HtmlEncode(EmailLinks.UnsubscribePath)}?token={WebUtility.HtmlEncode(Uri.EscapeDataString(token!))}">
             <button type="submit">Unsubscribe</button>
             </form>
             """);
    }

    private static async Task<IResult> UnsubscribeAsync(string? token, EmailSignatures signatures, EmailUnsubscribes unsubscribes, CancellationToken cancellationToken)
    {
        if (UserOf(token, signatures, out var refusal) is not { } userId) return refusal!;
        await unsubscribes.TurnOffAsync(userId, cancellationToken);
        return Page("Unsubscribed", "<p>You will no longer receive Vividly notification emails. You can turn them on again in your notification settings.</p>");
    }

    private static string? UserOf(string? token, EmailSignatures signatures, out IResult? refusal)
    {
        var opened = signatures.Read(EmailSignatures.Unsubscribe, token);
        refusal = opened switch
        {
            { Value: not null } => null,
            { IsForged: true } => Problems.Forbidden("The unsubscribe token's signature does not match."),
            _ => Problems.BadRequest("token", "An unsubscribe token from an email is required."),
        };
        return opened.Value;
    }

    private static IResult Page(string title, string body) => TypedResults.Content(
        $"""
         <!DOCTYPE html>
         <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{title}</title></head>
         <body><h1>{title}</h1>
         {body}
         </body></html>
         """, "text/html; charset=utf-8");
}
