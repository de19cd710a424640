using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Hosting.Network;

namespace OrleansLicense.Silo.Security.Access;

/// <summary>
/// Issue #15 item 3: an admin call from another computer over plain HTTP would carry the admin token in clear text,
/// so it is refused unless <see cref="NetworkOptions.AllowAdminOverHttp"/> is on.
/// </summary>
internal sealed class PlainHttpRule(IOptions<NetworkOptions> options)
{
    /// <summary>The sentence of the 403 <c>https_required</c> answer.</summary>
    public const string Detail =
        "Administration from another computer needs HTTPS (put ssl_key.pem in the silo's data folder and use https://host:8276), "
        + "so that the admin token does not cross the network in clear text; or set Network:AllowAdminOverHttp=true on the silo.";

    /// <summary>True when the call must be refused with <c>https_required</c>.</summary>
    public bool Refuses(HttpContext context)
        => !context.Request.IsHttps
            && !options.Value.AllowAdminOverHttp
            && !ClientAddress.IsThisComputer(ClientAddress.Of(context));
}
