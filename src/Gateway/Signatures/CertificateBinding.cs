namespace Gateway.Signatures;

/// <summary>An operator's statement that a certificate may sign for an organisation code.</summary>
internal sealed record CertificateBinding(string Thumbprint, string OrgCode, string Subject, string Serial, DateTimeOffset NotAfter, DateTimeOffset BoundAt);
