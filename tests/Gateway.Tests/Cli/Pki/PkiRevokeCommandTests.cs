using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Gateway.Cli;
using Gateway.Tests.Support;

namespace Gateway.Tests.Cli.Pki;

/// <summary>`gateway pki revoke` and `gateway pki crl` as the real executable, judged by openssl too.</summary>
public sealed class PkiRevokeCommandTests : IDisposable
{
    private const string G22 = "000.00.00.G22";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Pki => _dir.Combine("pki");

    private Task<PkiProcess.Result> RunAsync(params string[] arguments) => PkiProcess.RunAsync(_dir.Path, arguments);

    /// <summary>The number of the CRL on disk and whether it lists <paramref name="serial"/>.</summary>
    private (BigInteger Number, bool Lists) ReadCrl(string serial)
    {
        var builder = CertificateRevocationListBuilder.Load(File.ReadAllBytes(Path.Combine(Pki, "crl", "root.crl")), out var number);
        return (number, builder.RemoveEntry(Convert.FromHexString(serial)));
    }

    [Fact]
    public async Task Revoke_ListsTheSerialInANewCrlWithTheNextNumber()
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki);
        var serial = (await PkiProcess.RunJsonAsync(_dir.Path, "issue-org", G22, "--dir", Pki)).GetProperty("serial").GetString()!;
        Assert.Equal((1, false), ReadCrl(serial));

        var result = await RunAsync("revoke", serial, "--dir", Pki);

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.StartsWith($"Revoked serial {serial} (org certificate for {G22}) at ", result.Out[0], StringComparison.Ordinal);
        Assert.Equal($"  CRL #2        {Path.Combine(Pki, "crl", "root.crl")}", result.Out[1]);
        Assert.Equal((2, true), ReadCrl(serial));
    }

    [Fact]
    public async Task Revoke_Json_GivesTheRevocationAndCrl_AndAgainSaysAlreadyRevoked()
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki);
        var serial = (await PkiProcess.RunJsonAsync(_dir.Path, "issue-system", "edoc", "--org", G22, "--dir", Pki)).GetProperty("serial").GetString()!;

        var json = await PkiProcess.RunJsonAsync(_dir.Path, "revoke", serial.ToLowerInvariant(), "--dir", Pki);
        var again = await RunAsync("revoke", serial, "--dir", Pki);

        Assert.Equal(["serial", "kind", "subject", "revokedAt", "alreadyRevoked", "crlNumber", "crl"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(serial, json.GetProperty("serial").GetString());
        Assert.False(json.GetProperty("alreadyRevoked").GetBoolean());
        Assert.Equal(2, json.GetProperty("crlNumber").GetInt32());
        Assert.Equal(ExitCodes.Ok, again.Exit);
        Assert.Equal(
            $"Serial {serial} (system certificate 'edoc') was already revoked at {json.GetProperty("revokedAt").GetString()}; nothing changed (CRL #2 lists it).",
            Assert.Single(again.Out));
        Assert.Equal((2, true), ReadCrl(serial));
    }

    [Theory]
    [InlineData("0123ABCD", "no certificate with serial 0123ABCD in ")]
    [InlineData("not-hex", "serial 'not-hex' is not a hexadecimal serial number")]
    public async Task Revoke_UnknownOrMalformedSerial_ExitsTwoNamingIt(string serial, string error)
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki);

        var result = await RunAsync("revoke", serial, "--dir", Pki);

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.StartsWith($"gateway: pki revoke: {error}", Assert.Single(result.Err), StringComparison.Ordinal);
        Assert.Equal(1, ReadCrl("01").Number);
    }

    [Fact]
    public async Task Revoke_TheRoot_IsRefusedWithExitFive()
    {
        var root = (await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki)).GetProperty("serial").GetString()!;

        var result = await RunAsync("revoke", root, "--dir", Pki);

        Assert.Equal(ExitCodes.Refused, result.Exit);
        Assert.StartsWith($"gateway: pki revoke: serial {root} is the root CA itself", Assert.Single(result.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crl_PublishesTheNextNumberWithTheSameRevocations()
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki);
        var serial = (await PkiProcess.RunJsonAsync(_dir.Path, "issue-org", G22, "--dir", Pki)).GetProperty("serial").GetString()!;
        await PkiProcess.RunJsonAsync(_dir.Path, "revoke", serial, "--dir", Pki);

        var json = await PkiProcess.RunJsonAsync(_dir.Path, "crl", "--dir", Pki);

        Assert.Equal(3, json.GetProperty("crlNumber").GetInt32());
        Assert.Equal([serial], json.GetProperty("revoked").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal((3, true), ReadCrl(serial));
        var thisUpdate = DateTimeOffset.Parse(json.GetProperty("thisUpdate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var nextUpdate = DateTimeOffset.Parse(json.GetProperty("nextUpdate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromDays(7), nextUpdate - thisUpdate);
    }

    [Fact]
    public async Task OpensslVerifyWithCrlCheck_AcceptsAGoodCertificateAndRejectsARevokedOne()
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki, "--key-type", "rsa-2048");
        var good = await PkiProcess.RunJsonAsync(_dir.Path, "issue-org", G22, "--dir", Pki);
        var revoked = await PkiProcess.RunJsonAsync(_dir.Path, "issue-gateway", "localhost", "--dir", Pki);
        var root = Path.Combine(Pki, "root.pem");
        var crl = Path.Combine(Pki, "crl", "root.crl");
        var before = await OpenSsl.VerifyWithCrlAsync(root, crl, _dir.Combine("crl1.pem"), revoked.GetProperty("certificate").GetString()!);
        Assert.True(before.Exit == 0, before.Output);

        await PkiProcess.RunJsonAsync(_dir.Path, "revoke", revoked.GetProperty("serial").GetString()!, "--dir", Pki);

        var accepted = await OpenSsl.VerifyWithCrlAsync(root, crl, _dir.Combine("crl2.pem"), good.GetProperty("certificate").GetString()!);
        Assert.True(accepted.Exit == 0, accepted.Output);
        Assert.Contains(": OK", accepted.Output, StringComparison.Ordinal);
        var rejected = await OpenSsl.VerifyWithCrlAsync(root, crl, _dir.Combine("crl3.pem"), revoked.GetProperty("certificate").GetString()!);
        Assert.NotEqual(0, rejected.Exit);
        Assert.Contains("certificate revoked", rejected.Output, StringComparison.Ordinal);
    }
}
