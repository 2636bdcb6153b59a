namespace Gateway.Crypto.Pki;

public sealed partial class DevPki
{
    /// <summary>
    /// Revokes the certificate with <paramref name="serial"/> (hex; case and ':' ignored): records the
    /// time in index.json and publishes a new CRL, with the next number, that lists it.
    /// </summary>
    /// <exception cref="PkiException">Not a serial (InvalidInput), no such certificate (NotFound), or the root itself (Refused).</exception>
    public Revocation Revoke(string serial)
    {
        var wanted = PkiChecks.Serial(serial);
        using var held = PkiLock.Acquire(PkiDirectory);
        var index = Reload();
        var entry = index.Find(wanted)
            ?? throw new PkiException(PkiFailure.NotFound, $"no certificate with serial {wanted} in '{IndexPath}'");
        if (entry.Kind == PkiCertificateKind.Root)
        {
            throw new PkiException(PkiFailure.Refused,
                $"serial {wanted} is the root CA itself, which no CRL of its own can revoke; make a new PKI with 'gateway pki init' instead");
        }

        if (entry.IsRevoked)
            return new Revocation(entry, WasAlreadyRevoked: true, index.CrlNumber, CrlPath);

        var now = Now();
        var revoked = entry with { RevokedAt = now };
        var publication = Publish(index.Replace(revoked), now);
        return new Revocation(revoked, WasAlreadyRevoked: false, publication.Number, publication.Path);
    }

    /// <summary>
    /// Publishes a fresh CRL with the next number and the same revocations, valid for another
    /// <see cref="CrlLifetime"/>: what a long-lived development PKI needs before its CRL goes stale.
    /// </summary>
    public CrlPublication RenewCrl()
    {
        using var held = PkiLock.Acquire(PkiDirectory);
        return Publish(Reload(), Now());
    }

    /// <summary>
    /// Writes the CRL for <paramref name="index"/>'s revocations with the next number, then the index
    /// with that number. In that order: a crash between them leaves a CRL the index does not record yet,
    /// and running the command again publishes it again under the same number; the other order could
    /// leave a revocation recorded that no CRL ever lists.
    /// </summary>
    private CrlPublication Publish(PkiIndex index, DateTimeOffset now)
    {
        var number = index.CrlNumber + 1;
        var revoked = index.Certificates.Where(c => c.RevokedAt is not null).ToList();
        var crl = CertificateFactory.CreateCrl(
            Root, revoked.Select(c => (Convert.FromHexString(c.Serial), c.RevokedAt!.Value)), number, now, now + CrlLifetime);
        PkiFiles.WriteAtomic(CrlPath, crl, PkiFiles.PublicFile);
        index = index with { CrlNumber = number };
        index.Save(IndexPath);
        Index = index;
        return new CrlPublication(number, now, now + CrlLifetime, CrlPath, [.. revoked.Select(c => c.Serial)]);
    }
}
