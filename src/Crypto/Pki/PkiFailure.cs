namespace Gateway.Crypto.Pki;

/// <summary>Why the development PKI refused an operation; the command line maps each to an exit code.</summary>
public enum PkiFailure
{
    /// <summary>An argument is not acceptable: a bad org code, name, host, serial, URL or number of days.</summary>
    InvalidInput,

    /// <summary>What was named does not exist: no PKI in the directory, or no certificate with that serial.</summary>
    NotFound,

    /// <summary>Doing it would overwrite something that must be kept: an existing PKI or a certificate still in force.</summary>
    Refused,

    /// <summary>A PKI file is unreadable or inconsistent (for example index.json edited by hand).</summary>
    Damaged,
}
