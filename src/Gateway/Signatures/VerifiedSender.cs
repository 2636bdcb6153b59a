namespace Gateway.Signatures;

/// <summary>The certificate whose signature over a header the gateway verified.</summary>
internal sealed record VerifiedSender(string Thumbprint, string Subject);
