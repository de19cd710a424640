namespace OrleansLicense.Client.Addresses;

/// <summary>The outcome of <see cref="ServerAddressParser.ParseDetailed(string)"/>.</summary>
/// <param name="Addresses">The server base addresses, in the order given, duplicates removed, at most
/// <see cref="ServerAddressParser.MaxAddresses"/>. Each ends with <c>/</c>.</param>
/// <param name="Warnings">Human sentences about what was ignored (addresses beyond the limit).</param>
public sealed record ServerAddressParseResult(IReadOnlyList<Uri> Addresses, IReadOnlyList<string> Warnings);
