using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Email;

/// <summary>A message's subject and its two bodies.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>
/// The Liquid templates shipped inside the hub (embedded <c>Templates/*.liquid</c>), parsed once.
/// HTML bodies are rendered with HTML encoding, so a notification's text can never become markup;
/// text bodies are rendered as they are.
/// </summary>
public sealed class EmailTemplates
{
    private static readonly TemplateOptions Options = new() { CultureInfo = CultureInfo.InvariantCulture };
    private readonly IFluidTemplate _instantHtml = Load("instant.html");
    private readonly IFluidTemplate _instantText = Load("instant.txt");
    private readonly IFluidTemplate _digestHtml = Load("digest.html");
    private readonly IFluidTemplate _digestText = Load("digest.txt");

    /// <summary>One notification on its own.</summary>
    public async Task<RenderedEmail> RenderInstantAsync(Notification notification, string deliveryId, EmailLinks links)
    {
        var watch = links.Watch(notification);
        var values = new Dictionary<string, object?>
        {
            ["title"] = notification.Title,
            ["message"] = notification.Message,
            ["watch_url"] = watch is null ? null : links.Tracked(deliveryId, watch),
            ["app_url"] = links.App,
            ["unsubscribe_url"] = links.Unsubscribe(notification.UserId),
            ["open_pixel_url"] = links.OpenPixel(deliveryId),
        };
        return await RenderAsync(notification.Title, values, _instantHtml, _instantText);
    }

    /// <summary>
    /// A user's <paramref name="cadence"/> (<c>hourly</c> or <c>daily</c>) summary of <paramref name="notifications"/>,
    /// oldest first, sent as one delivery.
    /// </summary>
    public async Task<RenderedEmail> RenderDigestAsync(
        string userId, string cadence, IReadOnlyList<Notification> notifications, string deliveryId, EmailLinks links)
    {
        var subject = notifications.Count == 1
            ? $"Your {cadence} summary: 1 new notification"
            : $"Your {cadence} summary: {notifications.Count} new notifications";
        var items = notifications.OrderBy(n => n.Seq).Select(n => new Dictionary<string, object?>
        {
            ["title"] = n.Title,
            ["message"] = n.Message,
            ["created_at"] = n.CreatedAt.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ["watch_url"] = links.Watch(n) is { } watch ? links.Tracked(deliveryId, watch) : null,
        }).ToList();
        var values = new Dictionary<string, object?>
        {
            ["subject"] = subject,
            ["cadence"] = cadence,
            ["items"] = items,
            ["app_url"] = links.App,
            ["unsubscribe_url"] = links.Unsubscribe(userId),
            ["open_pixel_url"] = links.OpenPixel(deliveryId),
        };
        return await RenderAsync(subject, values, _digestHtml, _digestText);
    }

    private static async Task<RenderedEmail> RenderAsync(string subject, Dictionary<string, object?> values, IFluidTemplate html, IFluidTemplate text)
    {
        var context = new TemplateContext(Options);
        foreach (var (name, value) in values) context.SetValue(name, value);
        return new RenderedEmail(subject, await html.RenderAsync(context, HtmlEncoder.Default), await text.RenderAsync(context, NullEncoder.Default));
    }

    private static IFluidTemplate Load(string name)
    {
        var resource = $"Vividly.Hub.Email.Templates.{name}.liquid";
        using var stream = typeof(EmailTemplates).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The template {resource} is not embedded.");
        using var reader = new StreamReader(stream);
        var source = reader.ReadToEnd();
        return new FluidParser().TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The template {name} does not parse: {error}");
    }
}
