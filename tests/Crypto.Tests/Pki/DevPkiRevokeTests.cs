using Gateway.Crypto.Pki;

namespace Gateway.Crypto.Tests.Pki;

public sealed class DevPkiRevokeTests : IDisposable
{
    private readonly PkiTestDirectory _dir = new();
    private readonly FixedTime _time = new(new DateTimeOffset(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero));
    private readonly DevPki _pki;

    public DevPkiRevokeTests() => _pki = DevPki.Init(_dir.Pki, time: _time);

    public void Dispose()
    {
        _pki.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Revoke_ListsTheSerialInANewCrlWithTheNextNumber()
    {
        using var kept = _pki.IssueOrg("000.00.00.G22");
        using var revoked = _pki.IssueSystem("edoc", ["000.00.00.G22"]);
        _time.Now = _time.Now.AddMinutes(3);

        var revocation = _pki.Revoke(revoked.Entry.Serial);

        Assert.False(revocation.WasAlreadyRevoked);
        Assert.Equal(2, revocation.CrlNumber);
        Assert.Equal(_dir.File("crl/root.crl"), revocation.CrlPath);
        Assert.Equal(_time.Now, revocation.Entry.RevokedAt);
        var crl = PkiAssert.Crl(File.ReadAllBytes(revocation.CrlPath), _pki.Root);
        Assert.Equal(2, crl.Number);
        Assert.Equal([revoked.Entry.Serial], crl.Serials);
        Assert.Equal(_time.Now.UtcDateTime, crl.ThisUpdate);
        Assert.Equal(_time.Now.AddDays(7).UtcDateTime, crl.NextUpdate);
    }

    [Fact]
    public void Revoke_RecordsTheTimeAndCrlNumberInTheIndex()
    {
        using var org = _pki.IssueOrg("000.00.00.G22");

        _pki.Revoke(org.Entry.Serial);

        var index = PkiIndex.Load(_dir.File("index.json"));
        Assert.Equal(2, index.CrlNumber);
        Assert.Equal(_time.Now, index.Find(org.Entry.Serial)!.RevokedAt);
        Assert.Null(index.Certificates[0].RevokedAt);
    }

    [Fact]
    public void Revoke_Twice_KeepsEveryRevocationInEachNewCrl()
    {
        using var first = _pki.IssueOrg("000.00.00.G22");
        using var second = _pki.IssueOrg("000.00.24.H44");

        _pki.Revoke(first.Entry.Serial);
        var revocation = _pki.Revoke(second.Entry.Serial);

        Assert.Equal(3, revocation.CrlNumber);
        var crl = PkiAssert.Crl(File.ReadAllBytes(revocation.CrlPath), _pki.Root);
        Assert.Equal(new[] { first.Entry.Serial, second.Entry.Serial }.Order(StringComparer.Ordinal), crl.Serials.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Revoke_AlreadyRevoked_SaysSoAndPublishesNothing()
    {
        using var org = _pki.IssueOrg("000.00.00.G22");
        var first = _pki.Revoke(org.Entry.Serial);
        var crl = File.ReadAllBytes(_dir.File("crl/root.crl"));
        _time.Now = _time.Now.AddHours(1);

        var again = _pki.Revoke(org.Entry.Serial);

        Assert.True(again.WasAlreadyRevoked);
        Assert.Equal(first.Entry.RevokedAt, again.Entry.RevokedAt);
        Assert.Equal(2, again.CrlNumber);
        Assert.Equal(crl, File.ReadAllBytes(_dir.File("crl/root.crl")));
    }

    [Fact]
    public void Revoke_SerialInLowerCaseWithColons_FindsTheCertificate()
    {
        using var org = _pki.IssueOrg("000.00.00.G22");
        var serial = string.Join(':', org.Entry.Serial.ToLowerInvariant().Chunk(2).Select(c => new string(c)));

        Assert.Equal(org.Entry.Serial, _pki.Revoke(serial).Entry.Serial);
    }

    [Fact]
    public void Revoke_SerialWithLeadingZeros_FindsTheCertificate()
    {
        using var org = _pki.IssueOrg("000.00.00.G22");

        Assert.Equal(org.Entry.Serial, _pki.Revoke("00" + org.Entry.Serial).Entry.Serial);
    }

    [Fact]
    public void Revoke_UnknownSerial_IsRefusedNamingIt()
    {
        var ex = Assert.Throws<PkiException>(() => _pki.Revoke("0123abcd"));

        Assert.Equal(PkiFailure.NotFound, ex.Failure);
        Assert.Equal($"no certificate with serial 0123ABCD in '{_dir.File("index.json")}'", ex.Message);
    }

    [Fact]
    public void Revoke_NotHex_IsRefused()
    {
        var ex = Assert.Throws<PkiException>(() => _pki.Revoke("serial-1"));

        Assert.Equal(PkiFailure.InvalidInput, ex.Failure);
        Assert.Equal("serial 'serial-1' is not a hexadecimal serial number", ex.Message);
    }

    [Fact]
    public void Revoke_TheRoot_IsRefused()
    {
        var ex = Assert.Throws<PkiException>(() => _pki.Revoke(_pki.Root.SerialNumber));

        Assert.Equal(PkiFailure.Refused, ex.Failure);
        Assert.StartsWith($"serial {_pki.Root.SerialNumber} is the root CA itself", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, PkiIndex.Load(_dir.File("index.json")).CrlNumber);
    }

    [Fact]
    public void RenewCrl_KeepsTheRevocationsUnderTheNextNumberForAnotherWeek()
    {
        using var org = _pki.IssueOrg("000.00.00.G22");
        _pki.Revoke(org.Entry.Serial);
        _time.Now = _time.Now.AddDays(6);

        var renewed = _pki.RenewCrl();

        Assert.Equal(3, renewed.Number);
        var crl = PkiAssert.Crl(File.ReadAllBytes(renewed.Path), _pki.Root);
        Assert.Equal(3, crl.Number);
        Assert.Equal([org.Entry.Serial], crl.Serials);
        Assert.Equal(_time.Now.AddDays(7).UtcDateTime, crl.NextUpdate);
        Assert.Equal(renewed.NextUpdate.UtcDateTime, crl.NextUpdate);
    }
}
