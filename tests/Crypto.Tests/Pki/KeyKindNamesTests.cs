using Gateway.Crypto.Pki;

namespace Gateway.Crypto.Tests.Pki;

public sealed class KeyKindNamesTests
{
    [Theory]
    [InlineData("ecdsa-p256", KeyKind.EcdsaP256)]
    [InlineData("ECDSA-P384", KeyKind.EcdsaP384)]
    [InlineData("rsa-2048", KeyKind.Rsa2048)]
    [InlineData("rsa-3072", KeyKind.Rsa3072)]
    public void Parse_EachName_GivesItsKindAndBack(string name, KeyKind kind)
    {
        Assert.Equal(kind, KeyKindNames.Parse(name));
        Assert.Equal(name.ToLowerInvariant(), KeyKindNames.ToName(kind));
    }

    [Fact]
    public void Parse_UnknownName_ListsTheAcceptedOnes()
    {
        var ex = Assert.Throws<PkiException>(() => KeyKindNames.Parse("rsa-1024"));

        Assert.Equal(PkiFailure.InvalidInput, ex.Failure);
        Assert.Equal("key type 'rsa-1024' is not one of ecdsa-p256|ecdsa-p384|rsa-2048|rsa-3072", ex.Message);
    }
}
