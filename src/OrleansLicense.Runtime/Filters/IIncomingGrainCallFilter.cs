namespace OrleansLicense.Runtime.Filters;

/// <summary>Runs around every call on every grain of this silo, inside the grain's turn.</summary>
public interface IIncomingGrainCallFilter
{
    /// <summary>Does its work and calls <see cref="IIncomingGrainCallContext.InvokeAsync"/> to go on.</summary>
    Task InvokeAsync(IIncomingGrainCallContext context);
}
