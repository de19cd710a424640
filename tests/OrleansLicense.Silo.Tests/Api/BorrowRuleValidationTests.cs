using System.Net;
using System.Text;
using System.Text.Json;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>
/// #14 item 7: borrowRules keys are product names, checked like a license's product (NUL and ESC used to be
/// accepted), and their number is capped at 200 (2,000 rules, 480 KB copied to every silo, used to be accepted).
/// </summary>
public sealed class BorrowRuleValidationTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("cad\u0000")]
    [InlineData("\u001b[31mcad")]
    [InlineData("line\nbreak")]
    [InlineData("   ")]
    [InlineData("")]
    public async Task A_rule_keyed_by_an_impossible_product_name_is_400_naming_borrowRules(string product)
    {
        using var response = await PutRulesAsync(new Dictionary<string, BorrowRuleView> { [product] = new(24) });

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.Contains("borrowRules", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(problem.Detail!, c => c is '\u0000' or '\u001b');
        Assert.DoesNotContain(product, (await silo.Admin.GetSettingsAsync()).BorrowRules.Keys);
    }

    [Fact]
    public async Task A_product_name_over_128_characters_is_400()
    {
        using var response = await PutRulesAsync(new Dictionary<string, BorrowRuleView> { [new string('p', 129)] = new(24) });

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.Contains("borrowRules", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_200_rules_are_refused_and_200_are_kept()
    {
        using var tooMany = await PutRulesAsync(Rules(201));

        var problem = await ApiCalls.AssertProblemAsync(tooMany, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.Contains("200", problem.Detail, StringComparison.Ordinal);

        using var two000 = await PutRulesAsync(Rules(2000));
        await ApiCalls.AssertProblemAsync(two000, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);

        using var enough = await PutRulesAsync(Rules(200));
        await ApiCalls.AssertStatusAsync(enough, HttpStatusCode.OK);
        Assert.Equal(200, (await silo.Admin.GetSettingsAsync()).BorrowRules.Count);

        using var none = await PutRulesAsync([]);
        await ApiCalls.AssertStatusAsync(none, HttpStatusCode.OK);
    }

    private static Dictionary<string, BorrowRuleView> Rules(int count)
        => Enumerable.Range(0, count).ToDictionary(i => $"product-{i:D4}", _ => new BorrowRuleView(720));

    private Task<HttpResponseMessage> PutRulesAsync(Dictionary<string, BorrowRuleView> rules)
    {
        // Written by hand: the keys must reach the server exactly as given, control characters included.
        var body = JsonSerializer.Serialize(new { clientTimeoutSeconds = 120, maintenance = false, borrowRules = rules.ToDictionary(r => r.Key, r => new { maxHours = r.Value.MaxHours }) });
        return silo.Admin.PutAsync("/api/v1/admin/settings", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
    }
}
