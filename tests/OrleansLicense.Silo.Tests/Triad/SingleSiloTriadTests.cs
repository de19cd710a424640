using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Triad;

/// <summary>
/// The triad API on a lone silo (R-TRI-3, R-REL-1): it is no triad and cannot become one, each with its own code, and it
/// serves exactly as before.
/// </summary>
public sealed class SingleSiloTriadTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_lone_silo_is_not_a_triad()
    {
        using var response = await silo.Admin.GetAsync("/api/v1/admin/triad", Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.Conflict, "not_in_relationship");
    }

    [Fact]
    public async Task A_lone_silo_cannot_form_a_triad_grid_required()
    {
        using var response = await silo.Admin.PostAsJsonAsync("/api/v1/admin/triad", new { name = "t", primary = "a", secondary = "b", tertiary = "c" }, Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.Conflict, "grid_required");
    }

    [Theory]
    [InlineData("keep")]
    [InlineData("deactivate")]
    public async Task Dissolving_without_a_triad_is_not_in_relationship(string licenses)
    {
        using var response = await silo.Admin.DeleteAsync($"/api/v1/admin/triad?licenses={licenses}", Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.Conflict, "not_in_relationship");
    }

    [Fact]
    public async Task A_dissolve_option_outside_keep_move_deactivate_is_bad_request()
    {
        using var response = await silo.Admin.DeleteAsync("/api/v1/admin/triad?licenses=burn", Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
    }

    [Fact]
    public async Task Without_a_triad_the_silo_serves_and_reports_its_usual_topology()
    {
        using var health = await silo.Client.GetAsync("/healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var status = await silo.Admin.GetFromJsonAsync<Contracts.Admin.StatusView>("/api/v1/admin/status", Ct);
        Assert.Equal("single", status!.Topology);
    }
}
