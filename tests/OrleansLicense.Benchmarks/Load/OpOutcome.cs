namespace OrleansLicense.Benchmarks.Load;

/// <summary>How a request ended, from the load generator's point of view.</summary>
internal enum OpOutcome
{
    /// <summary>The status the contract promises (201, 200, 204).</summary>
    Ok,

    /// <summary>409 seats_exhausted: a correct refusal when the pool is full, not an error.</summary>
    Refused,

    /// <summary>Anything else: a wrong status, an unreadable answer.</summary>
    Error,

    /// <summary>
    /// A transport failure, a timeout or a 5xx: this server could not answer, another might. An error
    /// like any other for one silo; in the failover scenario the client moves to another gateway.
    /// </summary>
    Unavailable,
}
