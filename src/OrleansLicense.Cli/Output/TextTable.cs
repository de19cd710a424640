namespace OrleansLicense.Cli.Output;

/// <summary>A plain-text table with left-aligned columns two spaces apart, for terminals and grep alike.</summary>
internal sealed class TextTable
{
    private readonly string[] headers;
    private readonly List<string[]> rows = [];

    public TextTable(params string[] headers)
    {
        this.headers = headers;
    }

    public void AddRow(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        rows.Add(cells);
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = headers.Select((header, i) => rows.Select(row => row[i].Length).Append(header.Length).Max()).ToArray();
        WriteLine(writer, headers, widths);
        foreach (var row in rows)
        {
            WriteLine(writer, row, widths);
        }
    }

    private static void WriteLine(TextWriter writer, string[] cells, int[] widths)
    {
        // The last column is not padded so lines carry no trailing spaces.
        var padded = cells.Select((cell, i) => i == cells.Length - 1 ? cell : cell.PadRight(widths[i]));
        writer.WriteLine(string.Join("  ", padded).TrimEnd());
    }
}
