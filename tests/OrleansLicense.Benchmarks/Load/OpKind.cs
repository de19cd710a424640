namespace OrleansLicense.Benchmarks.Load;

/// <summary>The client API calls a virtual client makes.</summary>
internal enum OpKind
{
    Login,
    Heartbeat,
    Logout,
}
