namespace OrleansLicense.Contracts.Errors;

/// <summary>An RFC 9457 problem details body with the API's stable <c>code</c>.</summary>
/// <param name="Type">A URI naming the problem type.</param>
/// <param name="Title">A short summary.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">The human sentence about this occurrence.</param>
/// <param name="Code">One of <see cref="ErrorCodes"/>.</param>
public sealed record ApiProblem(string? Type, string? Title, int Status, string? Detail, string Code);
