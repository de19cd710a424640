using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Silo.Endpoints.Admin;
using OrleansLicense.Silo.Endpoints.Gateway;

namespace OrleansLicense.Silo.Endpoints.OpenApi;

/// <summary>
/// Makes the request schemas say what the server accepts (#14 item 10): the generator marks every record
/// constructor parameter required (client, process, fingerprint, every settings field), while the server reads a
/// missing member as absent and its validators decide; and it knows none of the validators' ranges. Each request
/// type here lists the members the server refuses to do without, and the limits its validators apply.
/// </summary>
internal sealed class RequestSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly IReadOnlyDictionary<Type, Action<OpenApiSchema>> Rules = new Dictionary<Type, Action<OpenApiSchema>>
    {
        [typeof(LoginRequest)] = s =>
        {
            Require(s, "product", "features");
            Text(s, "product", 1, LicenseDocumentValidator.MaxTextLength);
            Items(s, "features", 1, SessionRequestValidator.MaxFeatures);
            Range(s, "queueSeconds", 0, SessionLimits.MaxQueueSeconds);
            Pattern(s, "requestId", "^[A-Za-z0-9_-]{1,64}$");
        },
        [typeof(CheckOutRequest)] = s =>
        {
            Require(s, "features");
            Items(s, "features", 1, SessionRequestValidator.MaxFeatures);
            Pattern(s, "requestId", "^[A-Za-z0-9_-]{1,64}$");
        },
        [typeof(FeatureRequest)] = s =>
        {
            Require(s, "name", "count");
            Text(s, "name", 1, LicenseDocumentValidator.MaxTextLength);
            Range(s, "count", 1, SessionRequestValidator.MaxCount);
        },
        [typeof(ClientInfo)] = s =>
        {
            Require(s);
            foreach (var name in new[] { "user", "host", "process", "fingerprint" })
            {
                Text(s, name, 0, SessionRequestValidator.MaxClientText);
            }
        },
        [typeof(BorrowRequest)] = s =>
        {
            Require(s, "product");
            Text(s, "licenseId", 1, LicenseDocumentValidator.MaxTextLength);
        },
        [typeof(UsageUploadRequest)] = s =>
        {
            Require(s, "product", "record");
            Text(s, "licenseId", 1, LicenseDocumentValidator.MaxTextLength);
        },
        [typeof(UsageRecord)] = s => Require(s, "from", "to", "features"),
        [typeof(FeatureUsageRecord)] = s =>
        {
            Require(s, "name");
            Range(s, "checkOuts", 0, null);
            Range(s, "seconds", 0, null);
        },
        [typeof(SettingsView)] = s =>
        {
            Require(s, "clientTimeoutSeconds");
            Range(s, "clientTimeoutSeconds", SessionTimeouts.MinSeconds, SessionTimeouts.MaxSeconds);
            if (Property(s, "borrowRules") is { } rules)
            {
                rules.MaxProperties = SettingsValidator.MaxBorrowRules;
            }
        },
        [typeof(BorrowRuleView)] = s =>
        {
            Require(s, "maxHours");
            Range(s, "maxHours", 1, SettingsValidator.MaxBorrowHours);
        },
        [typeof(MaintenanceRequest)] = s => Require(s, "mode"),
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (Rules.TryGetValue(context.JsonTypeInfo.Type, out var rule))
        {
            rule(schema);
        }

        return Task.CompletedTask;
    }

    private static void Require(OpenApiSchema schema, params string[] names)
        => schema.Required = new HashSet<string>(names, StringComparer.Ordinal);

    private static OpenApiSchema? Property(OpenApiSchema schema, string name)
        => schema.Properties is { } properties && properties.TryGetValue(name, out var property) ? property as OpenApiSchema : null;

    private static void Text(OpenApiSchema schema, string name, int minLength, int maxLength)
    {
        if (Property(schema, name) is { } property)
        {
            property.MinLength = minLength > 0 ? minLength : null;
            property.MaxLength = maxLength;
        }
    }

    private static void Items(OpenApiSchema schema, string name, int min, int max)
    {
        if (Property(schema, name) is { } property)
        {
            property.MinItems = min;
            property.MaxItems = max;
        }
    }

    private static void Range(OpenApiSchema schema, string name, long? minimum, long? maximum)
    {
        if (Property(schema, name) is { } property)
        {
            property.Minimum = minimum?.ToString(CultureInfo.InvariantCulture);
            property.Maximum = maximum?.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static void Pattern(OpenApiSchema schema, string name, string pattern)
    {
        if (Property(schema, name) is { } property)
        {
            property.Pattern = pattern;
        }
    }
}
