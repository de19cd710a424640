namespace OrleansLicense.Client.Addresses;

/// <summary>The environment variable the server addresses were read from.</summary>
/// <param name="Name">The variable's name, e.g. <c>ORLEANSLICENSE_URL</c> or <c>ACME_URL</c>.</param>
/// <param name="Value">Its value, untouched.</param>
public sealed record ServerAddressVariable(string Name, string Value);
