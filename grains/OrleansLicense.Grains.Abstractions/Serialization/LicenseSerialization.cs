using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansLicense.Contracts;

namespace OrleansLicense.Grains.Serialization;

/// <summary>
/// How grain calls carry our types. Grain messages of our own are <c>[GenerateSerializer]</c> records
/// (Orleans' binary format, versioned by member order). The HTTP contract types of
/// OrleansLicense.Contracts travel as the same JSON the HTTP API uses (Orleans' System.Text.Json
/// codec), so one definition (ContractsJsonContext) shapes them everywhere and Contracts needs no Orleans.
/// Silos, Orleans clients and test clusters must all register it.
/// </summary>
public static class LicenseSerialization
{
    /// <summary>Adds the System.Text.Json codec for the contract types.</summary>
    public static ISerializerBuilder AddLicenseSerialization(this ISerializerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var contracts = typeof(ContractsJsonContext).Assembly;
        return builder.AddJsonSerializer(
            isSupported: type => type.Assembly == contracts,
            jsonSerializerOptions: CreateJsonOptions());
    }

    /// <summary>Adds the codec to a service collection (a silo's or a client's).</summary>
    public static IServiceCollection AddLicenseSerialization(this IServiceCollection services)
        => services.AddSerializer(serializer => serializer.AddLicenseSerialization());

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);

        // A contract type the context does not list still travels (by reflection) instead of failing the call.
        options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        return options;
    }
}
