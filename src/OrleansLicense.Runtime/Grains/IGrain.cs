namespace OrleansLicense.Runtime.Grains;

/// <summary>
/// Marks a grain interface. Every method returns <see cref="Task"/> or <see cref="Task{T}"/> and
/// may take a <see cref="CancellationToken"/> as its last parameter.
/// </summary>
public interface IGrain;
