namespace Gateway.Cli;

/// <summary>Process exit codes; documented in README.md and docs/configuration.md.</summary>
internal static class ExitCodes
{
    /// <summary>Finished normally, including a graceful stop on SIGTERM or Ctrl+C.</summary>
    public const int Ok = 0;

    /// <summary>A failure while running, such as a listener that cannot bind.</summary>
    public const int Failure = 1;

    /// <summary>A bad setting or command line; one line on stderr names the key and why.</summary>
    public const int Configuration = 2;

    /// <summary>The store cannot be used: newer schema, not a database, locked, or in use by another daemon.</summary>
    public const int Store = 3;

    /// <summary>
    /// Client commands (send, receive): the gateway could not be reached or answered UNAVAILABLE or
    /// DEADLINE_EXCEEDED; retrying later (with the same --ref for send) is safe.
    /// </summary>
    public const int Unavailable = 4;

    /// <summary>
    /// Client commands: the gateway refused the call (any other gRPC status); the line names it.
    /// `gateway pki`: it refused to overwrite an existing PKI or a certificate still in force.
    /// </summary>
    public const int Refused = 5;

    /// <summary>`verify-receipt`: the receipt did not verify; the line names the check that failed and why.</summary>
    public const int ReceiptInvalid = 6;
}
