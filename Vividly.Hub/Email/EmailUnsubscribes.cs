using Vividly.Hub.Preferences;

namespace Vividly.Hub.Email;

/// <summary>An unsubscribe, from a link or the provider: the user's email cadence for all types becomes <c>off</c>.</summary>
public sealed class EmailUnsubscribes(IPreferencesStore preferences)
{
    /// <summary>
    /// Keeps every other setting; types locked on (failures, clarifications) still send, as the
    /// preferences contract has it. Saves nothing when the cadence is off already.
    /// </summary>
    public async Task TurnOffAsync(string userId, CancellationToken cancellationToken)
    {
        var settings = (await preferences.GetAsync(userId, cancellationToken))?.Settings ?? UserPreferences.Default;
        if (settings.All.EmailCadence == EmailCadences.Off) return;
        await preferences.PutAsync(userId, settings with { All = settings.All with { EmailCadence = EmailCadences.Off } }, cancellationToken);
    }
}
