namespace OrleansLicense.Client.Failover;

/// <summary>The servers the client knows, in preference order (configured first, then gateways the cluster
/// announced), and the one it talks to now.</summary>
internal sealed class ServerDirectory
{
    /// <summary>Gateways learned from servers beyond this many are ignored: each one costs a connection attempt
    /// per round when the network is down.</summary>
    public const int MaxLearned = 6;

    private readonly Lock _gate = new();
    private readonly List<Uri> _ordered;
    private readonly int _configuredCount;
    private Uri? _current;

    public ServerDirectory(IReadOnlyList<Uri> configured)
    {
        _ordered = [.. configured];
        _configuredCount = configured.Count;
    }

    /// <summary>The server calls go to first, or null before the first answer.</summary>
    public Uri? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Every known server, in preference order.</summary>
    public IReadOnlyList<Uri> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _ordered];
            }
        }
    }

    /// <summary>The current server first, then the others in preference order: a session stays where it is
    /// while that server answers.</summary>
    public IReadOnlyList<Uri> FromCurrent()
    {
        lock (_gate)
        {
            if (_current is null)
            {
                return [.. _ordered];
            }

            return [_current, .. _ordered.Where(u => u != _current)];
        }
    }

    /// <summary>Servers before the current one in preference order (candidates for failback).</summary>
    public IReadOnlyList<Uri> BeforeCurrent()
    {
        lock (_gate)
        {
            var index = _current is null ? -1 : _ordered.IndexOf(_current);
            return index <= 0 ? [] : [.. _ordered.Take(index)];
        }
    }

    /// <summary>Makes <paramref name="server"/> current and returns the previous one.</summary>
    public Uri? SetCurrent(Uri server)
    {
        lock (_gate)
        {
            var previous = _current;
            _current = server;
            if (!_ordered.Contains(server))
            {
                _ordered.Add(server);
            }

            return previous;
        }
    }

    /// <summary>Adds gateways a server announced, after the configured ones; returns the strings that are not
    /// http(s) base addresses, for the log.</summary>
    public IReadOnlyList<string> Learn(IEnumerable<string> gateways)
    {
        var rejected = new List<string>();
        lock (_gate)
        {
            foreach (var text in gateways)
            {
                if (!TryNormalise(text, out var uri))
                {
                    rejected.Add(text);
                    continue;
                }

                if (!_ordered.Contains(uri) && _ordered.Count - _configuredCount < MaxLearned)
                {
                    _ordered.Add(uri);
                }
            }
        }

        return rejected;
    }

    // Announced gateways are URLs; they are compared with configured addresses as base URIs ending in '/'.
    private static bool TryNormalise(string text, out Uri uri)
    {
        uri = null!;
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(parsed.Query)
            || !string.IsNullOrEmpty(parsed.Fragment))
        {
            return false;
        }

        var path = parsed.AbsolutePath.EndsWith('/') ? parsed.AbsolutePath : parsed.AbsolutePath + "/";
        uri = new UriBuilder(parsed.Scheme, parsed.Host, parsed.Port, path).Uri;
        return true;
    }
}
