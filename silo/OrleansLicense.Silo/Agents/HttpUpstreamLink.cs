using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Agents;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Agents;
using OrleansLicense.Silo.Endpoints.Agents;

namespace OrleansLicense.Silo.Agents;

/// <summary>
/// The link to the upstream grid over its HTTP API (works between independent grids), authenticated by the
/// credential the upstream issued. An unreachable upstream, a timeout or a 5xx is <see cref="AgentErrorCodes.UpstreamUnreachable"/>;
/// a refused credential is <see cref="AgentErrorCodes.LinkRefused"/>; other refusals carry the upstream's code.
/// </summary>
internal sealed class HttpUpstreamLink(HttpClient http, IOptions<AgentOptions> options) : IAgentUpstreamLink
{
    public string? AgentId => Configured ? options.Value.Credential![..options.Value.Credential!.IndexOf('.', StringComparison.Ordinal)] : null;

    private bool Configured => !string.IsNullOrWhiteSpace(options.Value.Upstream) && options.Value.Credential is { } c && c.IndexOf('.', StringComparison.Ordinal) > 0;

    public async Task<AgentFeatureRef> ResolveAsync(string product, string? featureId, string? featureName, CancellationToken cancellationToken)
    {
        var features = await SendAsync(HttpMethod.Get, $"products/{Uri.EscapeDataString(product)}/features", null, AgentJsonContext.Default.ListLinkFeature, cancellationToken).ConfigureAwait(false);
        var matching = features
            .Where(f => featureName is not null
                ? string.Equals(f.Feature, featureName, StringComparison.Ordinal)
                : string.Equals(f.Position.ToString(System.Globalization.CultureInfo.InvariantCulture), featureId, StringComparison.Ordinal))
            .ToList();
        if (matching.Count == 0)
        {
            throw new AgentLinkException(AgentErrorCodes.UnknownFeature, $"Product '{product}' has no feature {(featureName is not null ? $"'{featureName}'" : $"with fid {featureId}")} upstream.");
        }

        // A product may have several licenses upstream (the README's walk imports a plain one first): the agent draws on
        // one that allows agents.
        var feature = matching.FirstOrDefault(f => f.Agentable)
            ?? throw new AgentLinkException(AgentErrorCodes.NotAgentable, $"License '{matching[0].LicenseId}' upstream does not allow agents (issued without --agentable).");

        return new AgentFeatureRef(feature.LicenseId, feature.Feature, feature.Seats);
    }

    public async Task<AgentAgreement> SetAsync(string licenseId, string feature, string product, AgentMode mode, int seats, CancellationToken cancellationToken)
    {
        var body = JsonContent.Create(new LinkSetRequest(licenseId, feature, product, AgentViews.ModeName(mode), seats), AgentJsonContext.Default.LinkSetRequest);
        return (await SendAsync(HttpMethod.Post, "set", body, AgentJsonContext.Default.AgentView, cancellationToken).ConfigureAwait(false)).ToAgreement();
    }

    public async Task<AgentAgreement> RenewAsync(string licenseId, string feature, CancellationToken cancellationToken)
    {
        var body = JsonContent.Create(new LinkRenewRequest(licenseId, feature), AgentJsonContext.Default.LinkRenewRequest);
        return (await SendAsync(HttpMethod.Post, "renew", body, AgentJsonContext.Default.AgentView, cancellationToken).ConfigureAwait(false)).ToAgreement();
    }

    public async Task DrawAsync(string licenseId, string feature, string holder, int count, CancellationToken cancellationToken)
    {
        var body = JsonContent.Create(new LinkDrawRequest(licenseId, feature, holder, count), AgentJsonContext.Default.LinkDrawRequest);
        await SendAsync<object>(HttpMethod.Post, "draw", body, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>? answer, CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            throw new AgentLinkException(AgentErrorCodes.NotConfigured, "This silo has no upstream grid: set Agent:Upstream and Agent:Credential.");
        }

        var value = options.Value;
        using var request = new HttpRequestMessage(method, new Uri(new Uri(value.Upstream!.TrimEnd('/') + "/api/v1/agent-link/"), path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", value.Credential);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, value.LinkTimeoutSeconds)));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new AgentLinkException(AgentErrorCodes.UpstreamUnreachable, $"The upstream grid {value.Upstream} cannot be reached: {ex.Message}");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                if (answer is null || response.StatusCode == HttpStatusCode.NoContent)
                {
                    return default!;
                }

                try
                {
                    return await response.Content.ReadFromJsonAsync(answer, timeout.Token).ConfigureAwait(false)
                        ?? throw new JsonException("The body is null.");
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException)
                {
                    // Not an OrleansLicense grid at that address (or a proxy's page): say so, rather than failing deep in JSON.
                    throw new AgentLinkException(
                        ErrorCodes.InternalError,
                        $"The upstream grid {value.Upstream} answered {(int)response.StatusCode} to {path} with a body that is not the agent link's JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}): check Agent:Upstream.");
                }
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new AgentLinkException(AgentErrorCodes.LinkRefused, "The upstream grid refused this agent's credential (Agent:Credential).");
            }

            if ((int)response.StatusCode >= 500)
            {
                throw new AgentLinkException(AgentErrorCodes.UpstreamUnreachable, $"The upstream grid answered {(int)response.StatusCode}.");
            }

            ApiProblem? problem = null;
            try
            {
                problem = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.ApiProblem, timeout.Token).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // Not problem details: the status says enough.
            }

            throw new AgentLinkException(problem?.Code ?? ErrorCodes.BadRequest, problem?.Detail ?? $"The upstream grid answered {(int)response.StatusCode}.");
        }
    }
}
