using System.Text.RegularExpressions;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Peaks;
using OrleansLicense.Licensing.Tests.Borrowing;

namespace OrleansLicense.Licensing.Tests.Peaks;

/// <summary>R-USE-3: the seed's userPeakLog format, written exactly, parsed back and verified.</summary>
public sealed class PeakLogTests
{
    private static readonly VendorKeyPair Server = VendorKeyPair.Generate();
    private static readonly DateTimeOffset ExportTime = new(2024, 5, 12, 8, 30, 15, TimeSpan.Zero);

    private static readonly PeakDay[] Days =
    [
        new(new DateOnly(2024, 5, 9), 3, new Dictionary<string, int> { ["render"] = 1, ["draw"] = 3 }),
        new(new DateOnly(2024, 5, 10), 2, new Dictionary<string, int> { ["draw"] = 2 }),
        new(new DateOnly(2024, 5, 11), 0, new Dictionary<string, int>()),
    ];

    [Fact]
    public void The_text_is_the_seed_format()
    {
        var text = PeakLog.Write("SN-1", ExportTime, Days, Server);

        var header = text[..text.IndexOf('\n', StringComparison.Ordinal)];
        Assert.Matches(new Regex(@"^#type:userPeakLog sn:SN-1 time:2024-05-12T08:30:15Z sign:[A-Za-z0-9+/]+=*$"), header);
        Assert.Equal(
            """
            [
                {
                    "time": "2024-05-09",
                    "feature": { "draw": 3, "render": 1 },
                    "sn": 3
                },
                {
                    "time": "2024-05-10",
                    "feature": { "draw": 2 },
                    "sn": 2
                },
                {
                    "time": "2024-05-11"
                }
            ]

            """.ReplaceLineEndings("\n"),
            text[(header.Length + 1)..]);
    }

    [Fact]
    public void The_text_parses_back_and_verifies()
    {
        var log = PeakLog.Read(PeakLog.Write("SN-1", ExportTime, Days, Server), Server.PublicKey);

        Assert.Equal(("SN-1", ExportTime, Server.KeyId), (log.Sn, log.Time, log.ServerKeyId));
        Assert.Equal(Days.Select(d => (d.Date, d.Sn)), log.Days.Select(d => (d.Date, d.Sn)));
        Assert.Equal(3, log.Days[0].Features["draw"]);
        Assert.False(log.Days[2].HasUse);
        Assert.Empty(log.Days[2].Features);
    }

    [Fact]
    public void The_signature_covers_the_whole_text_with_the_sign_value_empty()
    {
        var text = PeakLog.Write("SN-1", ExportTime, Days, Server);
        var sign = Regex.Match(text, "sign:(\\S+)").Groups[1].Value;
        var blob = Convert.FromBase64String(sign);

        var signed = System.Text.Encoding.UTF8.GetBytes(text.Replace("sign:" + sign, "sign:", StringComparison.Ordinal));
        var key = VendorPublicKey.FromSubjectPublicKeyInfo(blob.AsSpan(64));

        Assert.Equal(Server.KeyId, key.KeyId);
        Assert.True(key.CreateVerifier().Verify(signed, blob.AsSpan(0, 64)));
    }

    [Fact]
    public void Every_single_byte_change_is_refused_and_another_server_key_too()
    {
        var text = PeakLog.Write("SN-1", ExportTime, Days, Server);

        Assert.Empty(FileTamper.AcceptedChanges(text, t => PeakLog.Read(t, null)));
        Assert.Equal(SignedFileErrorCodes.Invalid, Assert.Throws<SignedFileException>(() => PeakLog.Read(text, VendorKeyPair.Generate().PublicKey)).Code);
    }

    [Fact]
    public void A_license_id_with_spaces_is_percent_encoded_in_the_header()
    {
        var text = PeakLog.Write("SN 1%", ExportTime, [], Server);

        Assert.StartsWith("#type:userPeakLog sn:SN%201%25 time:", text, StringComparison.Ordinal);
        Assert.EndsWith("\n[\n]\n", text, StringComparison.Ordinal);
        Assert.Equal("SN 1%", PeakLog.Read(text, Server.PublicKey).Sn);
    }
}
