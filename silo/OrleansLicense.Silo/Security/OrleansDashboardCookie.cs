using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansLicense.Silo.Security;

/// <summary>
/// The cookie that lets a signed-in console open the Orleans Dashboard: a page load or a link cannot carry the
/// <c>Authorization</c> header the console's script sends. It holds no token, only its expiry signed with a key
/// derived from the admin token (so it is worthless once the token changes, and valid on every silo of the grid),
/// and it is HttpOnly (script cannot read it), SameSite=Strict (no other site's page sends it), limited to
/// <see cref="Path"/> and to <see cref="Lifetime"/>. The admin API itself never accepts it: only the Bearer header.
/// </summary>
internal sealed class OrleansDashboardCookie(AdminToken token, TimeProvider clock)
{
    /// <summary>The cookie's name.</summary>
    public const string Name = "olic_orleans_dashboard";

    /// <summary>Where the Orleans Dashboard is served; the only path the cookie is sent to and accepted on.</summary>
    public const string Path = "/dashboard/orleans";

    /// <summary>How long a cookie opens the dashboard; the console sets a new one while it stays signed in.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private const string Purpose = "orleans-license/orleans-dashboard-cookie/v1";

    /// <summary>Sets a new cookie on the response.</summary>
    public void Append(HttpContext context)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var seconds = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        context.Response.Cookies.Append(Name, $"{seconds}.{Sign(seconds)}", Options(context, expires));
    }

    /// <summary>Removes the cookie from the browser.</summary>
    public static void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, Options(context, expires: null));

    /// <summary>True when the request carries a cookie this grid signed that has not expired.</summary>
    public bool IsValid(HttpRequest request)
    {
        var value = request.Cookies[Name];
        var dot = value?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0 || !long.TryParse(value.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(value![..dot]));
        var presented = Encoding.ASCII.GetBytes(value[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, presented)
            && clock.GetUtcNow().ToUnixTimeSeconds() < seconds;
    }

    /// <summary>True for a request to the Orleans Dashboard, the only place the cookie counts.</summary>
    public static bool Covers(HttpRequest request) => request.Path.StartsWithSegments(Path, StringComparison.Ordinal);

    private string Sign(string expiry) => Convert.ToHexStringLower(HMACSHA256.HashData(token.DeriveKey(Purpose), Encoding.ASCII.GetBytes(expiry)));

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = Path,
        Expires = expires,
        IsEssential = true,
    };
}
