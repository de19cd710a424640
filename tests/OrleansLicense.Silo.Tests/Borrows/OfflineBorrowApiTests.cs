using System.Net;
using System.Net.Http.Json;
using System.Text;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Silo.Tests.Infrastructure;
using static OrleansLicense.Silo.Tests.Borrows.BorrowApi;

namespace OrleansLicense.Silo.Tests.Borrows;

/// <summary>R-BOR-4: the offline request file, the signed response, the return file; tampered, replayed, expired and foreign files are refused.</summary>
public sealed class OfflineBorrowApiTests(BorrowSiloFixture silo) : IClassFixture<BorrowSiloFixture>
{
    private const string LendPath = "/api/v1/admin/borrows/offline";
    private const string ReturnPath = "/api/v1/admin/borrows/offline/return";
    private static readonly LicenseFlags Borrowable = LicenseFlags.None with { Borrowable = true };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => silo.Clock.GetUtcNow();

    [Fact]
    public async Task A_request_file_is_answered_with_a_signed_response_and_returned_with_a_return_file()
    {
        var product = NewProduct();
        var license = await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, Borrowable, ("draw", 3)));
        var machine = new OfflineFiles(product);
        var request = machine.Request(Now, 72, ("draw", 2));
        var requestFile = machine.RequestFile(request);

        using var lent = await silo.Admin.PostTextAsync(LendPath, requestFile);

        await ApiCalls.AssertStatusAsync(lent, HttpStatusCode.Created);
        var certificate = BorrowCertificate.Verify(await lent.Content.ReadAsStringAsync(Ct), await silo.Client.ServerKeyAsync());
        Assert.True(certificate.Offline);
        Assert.Equal(request.RequestId, certificate.RequestId);
        Assert.Equal(BorrowRequestFile.Read(requestFile, Now).Digest, certificate.RequestDigest);
        Assert.Equal((machine.Fingerprint, Now.AddHours(72), license.Id), (certificate.Fingerprint, certificate.Until, certificate.LicenseId));
        Assert.Equal(2, await silo.Admin.BorrowedAsync(license.Id, "draw"));
        var view = await silo.Admin.GetFromJsonAsync<BorrowView>($"/api/v1/admin/borrows/{certificate.BorrowId}", Ct);
        Assert.True(view!.Offline);
        Assert.Equal("bob", view.Client!.User);

        // Replay: the same request file is lent at most once.
        using (var replay = await silo.Admin.PostTextAsync(LendPath, requestFile))
        {
            await ApiCalls.AssertProblemAsync(replay, HttpStatusCode.Conflict, ErrorCodes.BorrowReplayed);
        }

        // A return file signed by another key, or for another machine, is refused.
        var stranger = new OfflineFiles(product);
        using (var foreign = await silo.Admin.PostTextAsync(ReturnPath, stranger.ReturnFile(certificate.BorrowId, Now)))
        {
            await ApiCalls.AssertProblemAsync(foreign, HttpStatusCode.UnprocessableEntity, ErrorCodes.BorrowFileInvalid);
        }

        var returnFile = machine.ReturnFile(certificate.BorrowId, Now);
        using (var returned = await silo.Admin.PostTextAsync(ReturnPath, returnFile))
        {
            await ApiCalls.AssertStatusAsync(returned, HttpStatusCode.OK);
            Assert.Equal("returned", (await returned.Content.ReadFromJsonAsync<BorrowView>(Ct))!.Status);
        }

        Assert.Equal(0, await silo.Admin.BorrowedAsync(license.Id, "draw"));
        using var again = await silo.Admin.PostTextAsync(ReturnPath, returnFile);
        await ApiCalls.AssertProblemAsync(again, HttpStatusCode.Conflict, ErrorCodes.BorrowReplayed);
    }

    [Fact]
    public async Task A_tampered_request_file_is_refused_whichever_byte_changed()
    {
        var product = NewProduct();
        var license = await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, Borrowable, ("draw", 3)));
        var machine = new OfflineFiles(product);
        var bytes = Encoding.UTF8.GetBytes(machine.RequestFile(machine.Request(Now, 8, ("draw", 1))));

        // Every 7th byte, so the whole file is covered in a few dozen requests; the library's tests flip every byte.
        for (var i = 0; i < bytes.Length; i += 7)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            using var response = await silo.Admin.PostAsync(LendPath, new ByteArrayContent(tampered), Ct);
            Assert.True(
                response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest,
                $"byte {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }

        Assert.Equal(0, await silo.Admin.BorrowedAsync(license.Id, "draw"));
    }

    [Fact]
    public async Task An_expired_request_file_is_refused()
    {
        var product = NewProduct();
        await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, Borrowable, ("draw", 3)));
        var machine = new OfflineFiles(product);
        var old = machine.Request(Now.AddDays(-8), 8, ("draw", 1));

        using var response = await silo.Admin.PostTextAsync(LendPath, machine.RequestFile(old));

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ErrorCodes.BorrowFileExpired);
        Assert.Contains(old.RequestId, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_offline_request_over_the_limit_names_the_limit_and_the_same_file_works_after_a_rule()
    {
        var product = NewProduct();
        await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, Borrowable, ("draw", 3)));
        var machine = new OfflineFiles(product);
        var file = machine.RequestFile(machine.Request(Now, 721, ("draw", 1)));

        using (var refused = await silo.Admin.PostTextAsync(LendPath, file))
        {
            var problem = await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, ErrorCodes.BorrowLimit);
            Assert.Contains("720 hours", problem.Detail, StringComparison.Ordinal);
        }

        var settings = await silo.Admin.GetSettingsAsync();
        using (var put = await silo.Admin.PutSettingsAsync(settings with { BorrowRules = new Dictionary<string, Contracts.Admin.BorrowRuleView>(settings.BorrowRules) { [product] = new(1000) } }))
        {
            await ApiCalls.AssertStatusAsync(put, HttpStatusCode.OK);
        }

        using var lent = await silo.Admin.PostTextAsync(LendPath, file);
        await ApiCalls.AssertStatusAsync(lent, HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_tampered_return_file_is_refused()
    {
        var product = NewProduct();
        await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, Borrowable, ("draw", 3)));
        var machine = new OfflineFiles(product);
        using var lent = await silo.Admin.PostTextAsync(LendPath, machine.RequestFile(machine.Request(Now, 8, ("draw", 1))));
        var certificate = BorrowCertificate.Verify(await lent.Content.ReadAsStringAsync(Ct), null);
        var returnFile = machine.ReturnFile(certificate.BorrowId, Now);

        using var response = await silo.Admin.PostTextAsync(ReturnPath, returnFile.Replace(machine.Fingerprint, "fp-other-77", StringComparison.Ordinal));

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ErrorCodes.BorrowFileInvalid);
    }
}
