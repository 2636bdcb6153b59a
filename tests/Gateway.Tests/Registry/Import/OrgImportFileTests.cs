using System.Text;
using Gateway.Protocol.Organizations;
using Gateway.Registry;
using Gateway.Registry.Import;

namespace Gateway.Tests.Registry.Import;

public sealed class OrgImportFileTests
{
    private const string Header = "code,name,parent_code,enabled,aliases\n";

    private static OrgImportFile.Content Csv(string text, OrgCodeForms forms = OrgCodeForms.Strict) =>
        OrgImportFile.Parse(Encoding.UTF8.GetBytes(text), OrgImportFormat.Csv, forms);

    private static OrgImportFile.Content Json(string text, OrgCodeForms forms = OrgCodeForms.Strict) =>
        OrgImportFile.Parse(Encoding.UTF8.GetBytes(text), OrgImportFormat.Json, forms);

    private static string CsvError(string text, OrgCodeForms forms = OrgCodeForms.Strict) =>
        Assert.Throws<OrgImportException>(() => Csv(text, forms)).Format("orgs.csv");

    private static string JsonError(string text) =>
        Assert.Throws<OrgImportException>(() => Json(text)).Format("orgs.json");

    [Fact]
    public void Parse_SampleCsvAndJson_HoldTheSameOrganizations()
    {
        var csv = OrgImportFile.Read(SampleData.Csv, OrgCodeForms.Strict);
        var json = OrgImportFile.Read(SampleData.Json, OrgCodeForms.Strict);

        Assert.Equal(OrgImportFormat.Csv, csv.Format);
        Assert.Equal(OrgImportFormat.Json, json.Format);
        Assert.Equal(9, csv.Rows.Count);
        Assert.Equal(csv.Rows.Select(r => Describe(r.Organization)), json.Rows.Select(r => Describe(r.Organization)));
        Assert.Contains(csv.Rows, r => r.Organization.Name == "Trung tâm \"Một cửa\" – Sở Nội vụ (mẫu)");
        Assert.Contains(csv.Rows, r => r.Organization.Name == "Ban Quản lý dự án, tỉnh Nghệ An (mẫu)");
    }

    private static string Describe(Organization o) =>
        $"{o.Code}|{o.Name}|{o.ParentCode}|{o.Enabled}|{string.Join(';', o.Aliases)}";

    [Fact]
    public void Parse_CsvWithBomCrlfAndQuotedFields_ReadsEveryFieldExactly()
    {
        var text = "\uFEFFcode,name,parent_code,enabled,aliases\r\n" +
            "000.00.00.H41,\"Ủy ban, \"\"tỉnh\"\"\r\nNghệ An\",,1,\r\n" +
            "000.00.31.H41,Sở Tài chính,000.00.00.H41,FALSE,000.00.30.H41;000.00.29.H41\r\n";
        // The name with a line break is refused below; here the field splitting is what is checked.
        var ex = Assert.Throws<OrgImportException>(() => Csv(text));
        Assert.Equal(2, ex.Line);
        Assert.Equal("name", ex.Field);

        var content = Csv(text.Replace("\r\nNghệ An", " Nghệ An", StringComparison.Ordinal));
        var first = content.Rows[0].Organization;
        var second = content.Rows[1];
        Assert.Equal("Ủy ban, \"tỉnh\" Nghệ An", first.Name);
        Assert.True(first.Enabled);
        Assert.Null(first.ParentCode);
        Assert.Equal(3, second.Line);
        Assert.False(second.Organization.Enabled);
        Assert.Equal(["000.00.30.H41", "000.00.29.H41"], second.Organization.Aliases);
    }

    [Fact]
    public void Parse_CsvColumnsInAnotherOrderAndOptionalOnesMissing_AreAccepted()
    {
        var content = Csv("name,code\nVăn phòng Chính phủ,000.00.00.G22\n\n");

        var row = Assert.Single(content.Rows);
        Assert.Equal("000.00.00.G22", row.Organization.Code);
        Assert.True(row.Organization.Enabled);
        Assert.Empty(row.Organization.Aliases);
    }

    [Fact]
    public void Parse_BadCode_NamesFileLineFieldAndOrgCodesError()
    {
        var line = CsvError(Header + "000.00.00.G22,A,,,\n000.00.0.G22,B,,,\n");

        OrgCode.TryParse("000.00.0.G22", OrgCodeForms.Strict, out _, out var expected);
        Assert.Equal($"orgs.csv:3: field 'code': {expected}", line);
    }

    [Fact]
    public void Parse_TolerantFormWithoutTolerant_IsRefusedWithAHintAndAcceptedWithIt()
    {
        var text = Header + "000.00.00.G22,A,,,vxp.saas.03\n";

        var line = CsvError(text);
        var content = Csv(text, OrgCodeForms.Tolerant);

        Assert.StartsWith("orgs.csv:2: field 'aliases': 'vxp.saas.03'", line, StringComparison.Ordinal);
        Assert.EndsWith("(it is a tolerant form: import with --tolerant to accept it)", line, StringComparison.Ordinal);
        Assert.Equal(["vxp.saas.03"], content.Rows[0].Organization.Aliases);
    }

    [Fact]
    public void Parse_DuplicateCode_NamesBothLines()
    {
        var line = CsvError(Header + "000.00.00.G22,A,,,\n000.00.00.H41,B,,,\n000.00.00.G22,C,,,\n");

        Assert.Equal("orgs.csv:4: field 'code': '000.00.00.G22' is listed twice (lines 2 and 4)", line);
    }

    [Fact]
    public void Parse_AliasEqualToAnotherCodeInTheFile_IsRefusedNamingItsLine()
    {
        var line = CsvError(Header + "000.00.00.G22,A,,,\n000.00.00.H41,B,,,000.00.00.G22\n");

        Assert.Equal("orgs.csv:3: field 'aliases': '000.00.00.G22' is the code of the organisation on line 2; an alias cannot be another organisation's code", line);
    }

    [Fact]
    public void Parse_CodeEqualToAnEarlierAlias_IsRefused()
    {
        var line = CsvError(Header + "000.00.00.H41,B,,,000.00.00.G22\n000.00.00.G22,A,,,\n");

        Assert.StartsWith("orgs.csv:3: field 'code': '000.00.00.G22' is already an alias of 000.00.00.H41 (line 2)", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000.00.00.G22,A,,yes,\n", "orgs.csv:2: field 'enabled': 'yes' is not one of: true, false, 1, 0")]
    [InlineData("000.00.00.G22,,,,\n", "orgs.csv:2: field 'name': is empty")]
    [InlineData("000.00.00.G22,A,000.00.00.G22,,\n", "orgs.csv:2: field 'parent_code': '000.00.00.G22' is the organisation's own code")]
    [InlineData("000.00.00.G22,A,,,000.00.01.G22;;000.00.02.G22\n", "orgs.csv:2: field 'aliases': has an empty alias; separate aliases with a single ';'")]
    [InlineData("000.00.00.G22,A,,\n", "orgs.csv:2: has 4 fields but the header has 5")]
    [InlineData("000.00.00.G22,A \"B\",,,\n", "orgs.csv:2: a '\"' inside an unquoted field; quote the whole field and double the quote (\"\")")]
    [InlineData("000.00.00.G22,\"A\"B,,,\n", "orgs.csv:2: unexpected 'B' after a closing quote; a quoted field must end at ',' or the end of the line")]
    [InlineData("000.00.00.G22,\"A,,,\n", "orgs.csv:2: a quoted field is never closed (a '\"' is missing)")]
    public void Parse_BadCsvRow_NamesLineAndField(string row, string expected) =>
        Assert.Equal(expected, CsvError(Header + row));

    [Fact]
    public void Parse_BadHeader_IsRefused()
    {
        Assert.Equal("orgs.csv:1: unknown column 'parent' in the header; the columns are code,name,parent_code,enabled,aliases", CsvError("code,name,parent\n"));
        Assert.StartsWith("orgs.csv:1: the header has no 'name' column", CsvError("code\n000.00.00.G22\n"), StringComparison.Ordinal);
        Assert.StartsWith("orgs.csv:1: the file is empty", CsvError(""), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8_NamesTheLine()
    {
        var bytes = Encoding.UTF8.GetBytes(Header + "000.00.00.G22,A,,,\n000.00.00.H41,B");
        bytes = [.. bytes, 0xC3, 0x28, (byte)'\n'];

        var ex = Assert.Throws<OrgImportException>(() => OrgImportFile.Parse(bytes, OrgImportFormat.Csv, OrgCodeForms.Strict));

        Assert.Equal(3, ex.Line);
        Assert.Contains("is not valid UTF-8", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Json_ReadsEveryFieldWithDefaults()
    {
        var content = Json("""
            [
              { "code": "000.00.00.H41", "name": "Ủy ban nhân dân tỉnh Nghệ An" },
              {
                "code": "000.00.31.H41", "name": "Sở", "parentCode": "000.00.00.H41",
                "enabled": false, "aliases": ["000.00.30.H41"]
              }
            ]
            """);

        Assert.Equal(2, content.Rows.Count);
        Assert.True(content.Rows[0].Organization.Enabled);
        Assert.Equal(3, content.Rows[1].Line);
        Assert.Equal(new Organization("000.00.31.H41", "Sở", "000.00.00.H41", false, content.Rows[1].Organization.Aliases), content.Rows[1].Organization);
        Assert.Equal(["000.00.30.H41"], content.Rows[1].Organization.Aliases);
    }

    [Fact]
    public void Parse_JsonBadCode_NamesThePropertysLine()
    {
        var line = JsonError("""
            [
              {
                "name": "A",
                "code": "000.00.0.G22"
              }
            ]
            """);

        Assert.StartsWith("orgs.json:4: field 'code': '000.00.0.G22' is not an organisation code", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "code": "000.00.00.G22" }""", "orgs.json:1: expected a JSON array of organisations ([ { \"code\": ..., \"name\": ... }, ... ])")]
    [InlineData("""[ { "code": "000.00.00.G22", "name": "A", "parent_code": null } ]""", "orgs.json:1: unknown field 'parent_code'; the fields are code, name, parentCode, enabled, aliases")]
    [InlineData("""[ { "code": "000.00.00.G22", "name": "A", "enabled": "yes" } ]""", "orgs.json:1: field 'enabled': expected true or false, found a string")]
    [InlineData("""[ { "code": "000.00.00.G22", "name": "A", "parentCode": 7 } ]""", "orgs.json:1: field 'parentCode': expected a string, found a number")]
    [InlineData("""[ { "code": "000.00.00.G22", "code": "000.00.00.G23", "name": "A" } ]""", "orgs.json:1: field 'code': appears twice in the object")]
    [InlineData("""[ { "name": "A" } ]""", "orgs.json:1: field 'code': is missing")]
    [InlineData("""[ "000.00.00.G22" ]""", "orgs.json:1: expected an organisation object { \"code\": ..., \"name\": ... }, found a string")]
    [InlineData("""[ { "code": "000.00.00.G22", "name": "A", "successions": [] } ]""", "orgs.json:1: field 'successions': is not imported; record successions with: gateway orgs succeed OLD --by NEW --at TIME")]
    public void Parse_BadJson_NamesLineAndField(string text, string expected) =>
        Assert.Equal(expected, JsonError(text));

    [Fact]
    public void Parse_JsonSyntaxError_NamesTheLine()
    {
        var line = JsonError("[\n  { \"code\": \"000.00.00.G22\", \"name\": \"A\", },\n]");

        Assert.StartsWith("orgs.json:2: not valid JSON:", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonParentCodeError_UsesTheJsonSpelling()
    {
        var line = JsonError("""[ { "code": "000.00.00.G22", "name": "A", "parentCode": "000.00.00.G22" } ]""");

        Assert.Equal("orgs.json:1: field 'parentCode': '000.00.00.G22' is the organisation's own code", line);
    }

    [Theory]
    [InlineData("orgs.json", "code,name\n", "Json")]
    [InlineData("orgs.CSV", "[]", "Csv")]
    [InlineData("orgs.txt", " \n[ ]", "Json")]
    [InlineData("orgs", "code,name\n", "Csv")]
    public void DetectFormat_ByExtensionThenContent(string path, string content, string expected) =>
        Assert.Equal(expected, OrgImportFile.DetectFormat(path, Encoding.UTF8.GetBytes(content)).ToString());
}
