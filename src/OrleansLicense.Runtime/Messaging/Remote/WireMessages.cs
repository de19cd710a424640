using System.Text.Json;

namespace OrleansLicense.Runtime.Messaging.Remote;

/// <summary>A grain call on the wire between silos.</summary>
/// <param name="GrainId">The target grain, text form.</param>
/// <param name="Interface">The grain interface's full name.</param>
/// <param name="Method">The method's stable signature (see <see cref="GrainMethod.Signature"/>).</param>
/// <param name="Arguments">The arguments, each serialised with its parameter type (cancellation tokens as null).</param>
/// <param name="TimeoutMs">Time left of the caller's deadline, milliseconds.</param>
/// <param name="ForwardCount">How often the call was forwarded already.</param>
internal sealed record WireRequest(string GrainId, string Interface, string Method, JsonElement[] Arguments, long TimeoutMs, int ForwardCount);

/// <summary>The answer: a result, an exception, or "not here" with the silo that hosts the grain.</summary>
internal sealed record WireResponse(JsonElement? Result, WireException? Exception, string? RedirectTo);

/// <summary>An exception crossing silos: type, message and its public properties, so it is rebuilt unchanged.</summary>
internal sealed record WireException(string Type, string Message, Dictionary<string, JsonElement>? Properties);
