namespace Gateway.Registry;

/// <summary>
/// A registry change was refused and nothing was written. <see cref="Code"/> is the organisation the
/// problem belongs to (so an import can name the file line), <see cref="Field"/> the field at fault,
/// and the message says what is wrong with which value, e.g.
/// <c>'000.00.00.H99' is not an organisation in the registry</c>.
/// </summary>
internal sealed class OrgRegistryException(string? code, string field, string message) : Exception(message)
{
    public string? Code { get; } = code;

    public string Field { get; } = field;
}
