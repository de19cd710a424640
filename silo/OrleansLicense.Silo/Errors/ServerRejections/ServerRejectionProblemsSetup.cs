using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace OrleansLicense.Silo.Errors.ServerRejections;

/// <summary>
/// Gives the requests Kestrel refuses before the application sees them (a <c>%00</c> in the path, a request line
/// over its limit, oversized headers) a problem details body with a stable code, like every other error (#14 item 6):
/// Kestrel answers those with an empty body and offers no hook, so each HTTP/1 connection's output goes through
/// <see cref="RejectionProblemWriter"/>. Registered before the listeners are declared: endpoint defaults apply only
/// to listeners declared after them.
/// </summary>
internal sealed class ServerRejectionProblemsSetup : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
        => options.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
        {
            var transport = connection.Transport;
            connection.Transport = new Pipe(transport.Input, new RejectionProblemWriter(transport.Output));
            return next(connection);
        }));

    private sealed record Pipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
