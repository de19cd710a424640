using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace OrleansLicense.Silo.Tests.Infrastructure;

/// <summary>Test-only: sets HttpContext.Connection.RemoteIpAddress before the silo's pipeline (see <see cref="TestRemoteAddress"/>).</summary>
internal sealed class TestRemoteAddressStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress =
                context.Request.Headers.TryGetValue(TestRemoteAddress.Header, out var value) && IPAddress.TryParse(value, out var address)
                    ? address
                    : IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}
