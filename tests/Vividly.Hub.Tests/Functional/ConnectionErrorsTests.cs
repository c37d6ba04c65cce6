using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Shared;
using Vividly.Hub.Tests.Unit;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

public sealed class ConnectionErrorsTests
{
    [Fact]
    public async Task Connects_answered_with_an_error_are_counted_by_reason_and_other_requests_are_not()
    {
        using var hub = new HubFactory().With("MAX_CONNECTIONS_PER_USER", "1");
        using var errors = new MeasurementsOf<long>(hub.Services.GetRequiredService<IMeterFactory>(), ServiceMetrics.ConnectionErrorsName);
        using var anonymous = hub.CreateHttp(null);
        using var student = hub.CreateHttp(TestTokens.Student("counted"));

        using (var noToken = await anonymous.PostAsync($"{Routes.Negotiate}?negotiateVersion=1", null)) Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        using (var stream = await anonymous.GetAsync(Routes.Stream)) Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
        using (var first = await student.PostAsync($"{Routes.Negotiate}?negotiateVersion=1", null)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var second = await student.PostAsync($"{Routes.Negotiate}?negotiateVersion=1", null)) Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        using (var unknown = await student.GetAsync($"{HubMethods.HubPath}?id=no-such-connection")) Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (var inbox = await anonymous.GetAsync(Routes.Notifications)) Assert.Equal(HttpStatusCode.Unauthorized, inbox.StatusCode);

        Assert.Equal(
            [ConnectionErrorReasons.Unauthorized, ConnectionErrorReasons.Unauthorized, ConnectionErrorReasons.Refused, ConnectionErrorReasons.Rejected],
            errors.Values.Select(m => (string)m.Tags["reason"]!));
    }
}
