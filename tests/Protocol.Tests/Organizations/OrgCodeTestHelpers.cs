using Gateway.Protocol.Organizations;

namespace Gateway.Protocol.Tests.Organizations;

internal static class OrgCodeTestHelpers
{
    /// <summary>Parses with <paramref name="forms"/> and returns the rejection message, failing the test if it parsed.</summary>
    public static string Reject(string? input, OrgCodeForms forms = OrgCodeForms.Strict)
    {
        var ok = OrgCode.TryParse(input, forms, out var code, out var error);
        Assert.False(ok, $"'{input}' should have been rejected but parsed as {code.Kind} '{code}'");
        Assert.Equal(default, code);
        Assert.NotNull(error);
        return error;
    }

    /// <summary>The span overload must agree with the string overload, word for word.</summary>
    public static string RejectBothWays(string input, OrgCodeForms forms = OrgCodeForms.Strict)
    {
        var error = Reject(input, forms);
        Assert.False(OrgCode.TryParse(input.AsSpan(), forms, out _, out var spanError));
        Assert.Equal(error, spanError);
        return error;
    }
}
