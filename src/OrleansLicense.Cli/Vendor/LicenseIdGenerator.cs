using System.Security.Cryptography;

namespace OrleansLicense.Cli.Vendor;

/// <summary>New license ids of the form <c>OL-XXXX-XXXX-XXXX</c>.</summary>
internal static class LicenseIdGenerator
{
    /// <summary>Letters and digits without 0/O and 1/I, so an id read over the phone is not misheard.</summary>
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>A random id with 60 bits of entropy: collisions between a vendor's licenses are not a concern.</summary>
    public static string NewId()
    {
        var chars = RandomNumberGenerator.GetItems<char>(Alphabet, 12);
        return $"OL-{new string(chars, 0, 4)}-{new string(chars, 4, 4)}-{new string(chars, 8, 4)}";
    }
}
