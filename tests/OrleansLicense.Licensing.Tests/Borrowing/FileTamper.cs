using System.Text;
using OrleansLicense.Licensing.Borrowing;

namespace OrleansLicense.Licensing.Tests.Borrowing;

/// <summary>Flips the low bit of every byte of a file, one at a time, and collects the changes a reader accepted.</summary>
internal static class FileTamper
{
    public static IReadOnlyList<string> AcceptedChanges(string file, Action<string> read)
    {
        var original = Encoding.UTF8.GetBytes(file);
        var accepted = new List<string>();
        for (var i = 0; i < original.Length; i++)
        {
            var changed = (byte[])original.Clone();
            changed[i] ^= 0x01;
            try
            {
                read(Encoding.UTF8.GetString(changed));
                accepted.Add($"byte {i} ('{(char)original[i]}')");
            }
            catch (SignedFileException ex)
            {
                Assert.Equal(SignedFileErrorCodes.Invalid, ex.Code);
            }
        }

        return accepted;
    }
}
