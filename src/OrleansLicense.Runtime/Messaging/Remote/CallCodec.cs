using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using OrleansLicense.Runtime.Activation;
using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Messaging.Remote;

/// <summary>
/// Turns grain calls, results and exceptions into wire messages and back. Arguments and results
/// are JSON of their declared types. An exception is rebuilt as the same type through the
/// constructor whose parameters match its message and public properties by name (as
/// LicensingException(code, message) or ArgumentException(message, paramName)), so callers see
/// the same type and message whichever silo ran the grain.
/// </summary>
internal sealed class CallCodec
{
    private static readonly HashSet<string> SkippedProperties = ["Message", "Data", "InnerException", "StackTrace", "Source", "HelpLink", "HResult", "TargetSite"];

    private static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement.Clone();

    private readonly JsonSerializerOptions _json;
    private readonly Dictionary<string, Type> _interfaces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(Type, string), GrainMethod> _methods = new();
    private readonly ConcurrentDictionary<MethodInfo, GrainMethod> _methodCache = new();

    public CallCodec(GrainTypeRegistry registry, MessagingJsonOptions json)
    {
        _json = json.SerializerOptions;
        foreach (var type in registry.All)
        {
            foreach (var grainInterface in type.Interfaces)
            {
                _interfaces[grainInterface.FullName!] = grainInterface;
            }
        }

        _interfaces[typeof(Reminders.IRemindable).FullName!] = typeof(Reminders.IRemindable);
    }

    public WireRequest Encode(GrainCall call, TimeSpan remaining, int forwardCount)
    {
        var parameters = call.Method.Method.GetParameters();
        var arguments = new JsonElement[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            // A cancellation token does not travel: the receiver imposes the caller's deadline.
            arguments[i] = i == call.Method.CancellationTokenIndex
                ? NullElement
                : JsonSerializer.SerializeToElement(call.Arguments[i], parameters[i].ParameterType, _json);
        }

        return new WireRequest(call.Target.ToString(), call.Method.InterfaceType.FullName!, call.Method.Signature, arguments, (long)remaining.TotalMilliseconds, forwardCount);
    }

    /// <summary>Rebuilds a call; cancellation tokens come back as None (the receiver imposes the deadline).</summary>
    /// <exception cref="InvalidOperationException">The interface or method is unknown on this silo.</exception>
    public GrainCall Decode(WireRequest request)
    {
        if (!_interfaces.TryGetValue(request.Interface, out var grainInterface))
        {
            throw new InvalidOperationException($"Grain interface {request.Interface} is not hosted by this silo.");
        }

        var method = _methods.GetOrAdd((grainInterface, request.Method), key => FindMethod(key.Item1, key.Item2));
        var parameters = method.Method.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            arguments[i] = i == method.CancellationTokenIndex
                ? CancellationToken.None
                : request.Arguments[i].Deserialize(parameters[i].ParameterType, _json);
        }

        return new GrainCall(GrainId.Parse(request.GrainId), method, arguments);
    }

    public WireResponse EncodeResult(GrainMethod method, object? result)
        => new(method.ResultType is null ? null : JsonSerializer.SerializeToElement(result, method.ResultType, _json), null, null);

    public object? DecodeResult(GrainMethod method, WireResponse response)
        => method.ResultType is null || response.Result is not { } element ? null : element.Deserialize(method.ResultType, _json);

    public WireResponse EncodeException(Exception exception)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in exception.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (SkippedProperties.Contains(property.Name) || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            try
            {
                properties[property.Name] = JsonSerializer.SerializeToElement(property.GetValue(exception), property.PropertyType, _json);
            }
            catch (Exception ex) when (ex is NotSupportedException or JsonException or TargetInvocationException)
            {
                // A property that does not serialise is left out; the type and message still travel.
            }
        }

        return new WireResponse(null, new WireException(exception.GetType().AssemblyQualifiedName!, exception.Message, properties), null);
    }

    public Exception DecodeException(WireException wire)
    {
        var type = Type.GetType(wire.Type, throwOnError: false);
        if (type is null || !typeof(Exception).IsAssignableFrom(type))
        {
            return new RemoteGrainException(wire.Type, wire.Message);
        }

        var properties = wire.Properties ?? [];
        var message = wire.Message;
        if (typeof(ArgumentException).IsAssignableFrom(type)
            && properties.TryGetValue("ParamName", out var paramName)
            && paramName.ValueKind == JsonValueKind.String
            && message.EndsWith($" (Parameter '{paramName.GetString()}')", StringComparison.Ordinal))
        {
            // ArgumentException appends the parameter to its Message; the constructor adds it again.
            message = message[..^$" (Parameter '{paramName.GetString()}')".Length];
        }

        foreach (var constructor in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            var parameters = constructor.GetParameters();
            var arguments = new object?[parameters.Length];
            var usable = true;
            for (var i = 0; i < parameters.Length && usable; i++)
            {
                var parameter = parameters[i];
                if (string.Equals(parameter.Name, "message", StringComparison.OrdinalIgnoreCase) && parameter.ParameterType == typeof(string))
                {
                    arguments[i] = message;
                }
                else if (properties.FirstOrDefault(p => string.Equals(p.Key, parameter.Name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } match)
                {
                    arguments[i] = match.Value.Deserialize(parameter.ParameterType, _json);
                }
                else
                {
                    usable = false;
                }
            }

            if (usable && parameters.Any(p => string.Equals(p.Name, "message", StringComparison.OrdinalIgnoreCase)))
            {
                return (Exception)constructor.Invoke(arguments);
            }
        }

        return new RemoteGrainException(wire.Type, wire.Message);
    }

    /// <summary>The method descriptor for a local interface method (shared cache with references).</summary>
    public GrainMethod Describe(MethodInfo method) => GrainMethod.For(method, _methodCache);

    private GrainMethod FindMethod(Type grainInterface, string signature)
    {
        var methods = grainInterface.GetMethods().Concat(grainInterface.GetInterfaces().SelectMany(i => i.GetMethods()));
        foreach (var candidate in methods)
        {
            var described = GrainMethod.For(candidate, _methodCache);
            if (described.Signature == signature)
            {
                return described;
            }
        }

        throw new InvalidOperationException($"Grain interface {grainInterface.FullName} has no method {signature}.");
    }
}
