namespace OrleansLicense.Runtime.Activation;

/// <summary>The activation a call was queued on went away first; the catalog sends the call to a fresh one.</summary>
internal sealed class ActivationUnavailableException(string message) : Exception(message);
