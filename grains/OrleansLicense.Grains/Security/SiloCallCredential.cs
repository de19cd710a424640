using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansLicense.Grains.ClientGateway;
using OrleansLicense.Grains.Sessions;

namespace OrleansLicense.Grains.Security;

/// <summary>
/// The silo call credential as the call filters use it: where it travels (a <see cref="RequestContext"/> entry),
/// which calls it guards (calls to the license grain interfaces), and a constant-time check of a presented value.
/// </summary>
internal sealed class SiloCallCredential
{
    /// <summary>The <see cref="RequestContext"/> key the secret travels under.</summary>
    public const string RequestContextKey = "olic-silo";

    private static readonly System.Reflection.Assembly GuardedInterfaces = typeof(ISessionGrain).Assembly;

    // Found once: the check runs on every grain call, so no reflection there.
    private static readonly FrozenSet<Type> ClientCallable = GuardedInterfaces.GetTypes()
        .Where(t => t.IsInterface && t.IsDefined(typeof(ClientCallableAttribute), inherit: false))
        .ToFrozenSet();

    private readonly byte[] _secretBytes;

    public SiloCallCredential(IOptions<SiloCallCredentialOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Reading Value runs the validator: a silo without a proper secret fails here, not on a call.
        Secret = options.Value.Secret;
        _secretBytes = Encoding.UTF8.GetBytes(Secret);
    }

    /// <summary>The secret, for outgoing calls.</summary>
    public string Secret { get; }

    /// <summary>
    /// True for the grain interfaces of OrleansLicense (the Grains.Abstractions assembly) except the client API marked
    /// <see cref="ClientCallableAttribute"/> (issue #13 item 5); Orleans' own interfaces are not guarded.
    /// </summary>
    public static bool Guards(Type? grainInterface) =>
        grainInterface is not null
        && grainInterface.Assembly == GuardedInterfaces
        && !ClientCallable.Contains(grainInterface);

    /// <summary>True when <paramref name="presented"/> is the secret (compared in constant time).</summary>
    public bool Matches(object? presented)
    {
        // On every guarded grain call: compared in constant time without hashing or allocating. Only the
        // length can leak, and it says nothing a stranger can use (every secret is 32 characters or more).
        if (presented is not string text || Encoding.UTF8.GetMaxByteCount(text.Length) > 1024)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var length = Encoding.UTF8.GetBytes(text, bytes);
        return CryptographicOperations.FixedTimeEquals(bytes[..length], _secretBytes);
    }
}
