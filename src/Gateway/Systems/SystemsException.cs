namespace Gateway.Systems;

/// <summary>What was wrong with a request to the systems registry.</summary>
internal enum SystemsError
{
    /// <summary>The name is empty, too long, or has characters outside [A-Za-z0-9._-].</summary>
    InvalidName,

    /// <summary>A system of that name exists (possibly revoked: names are never reused).</summary>
    NameTaken,

    /// <summary>No organisation code was given, or one was empty.</summary>
    InvalidOrgs,

    /// <summary>Some organisation codes are not in the registry; the message names them all.</summary>
    UnknownOrgs,

    /// <summary>No system has that name.</summary>
    UnknownSystem,

    /// <summary>The system is revoked, so nothing more can be bound to it.</summary>
    SystemRevoked,

    /// <summary>The certificate cannot authenticate the system: its key usages, or org codes it shares none of with the system.</summary>
    CertificateUnfit,

    /// <summary>The certificate is already bound to another system; a certificate belongs to one system only.</summary>
    CertificateTaken,

    /// <summary>No such certificate is bound to the system.</summary>
    CertificateNotBound,
}

/// <summary>
/// A request to the systems registry that cannot be carried out as asked; the message says precisely
/// why and is fit to show the operator. The CLI exits with code 2 on it.
/// </summary>
internal sealed class SystemsException(SystemsError error, string message) : Exception(message)
{
    public SystemsError Error { get; } = error;
}
