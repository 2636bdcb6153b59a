using System.Formats.Asn1;
using System.Globalization;

namespace Gateway.Crypto.Receipts;

/// <summary>
/// The parts of an RFC 3161 TimeStampResp (§2.4.2) needed to say precisely why an authority refused:
/// <code>
/// TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }
/// PKIStatusInfo ::= SEQUENCE { status INTEGER, statusString SEQUENCE OF UTF8String OPTIONAL, failInfo BIT STRING OPTIONAL }
/// </code>
/// .NET's own response processing only says that a response was not usable, not why.
/// </summary>
internal sealed record TimestampResponse(int Status, IReadOnlyList<string> StatusText, IReadOnlyList<string> Failures, ReadOnlyMemory<byte>? Token)
{
    private static readonly string[] StatusNames = ["granted", "grantedWithMods", "rejection", "waiting", "revocationWarning", "revocationNotification"];

    // PKIFailureInfo bits (RFC 3161 §2.4.2).
    private static readonly Dictionary<int, string> FailureNames = new()
    {
        [0] = "badAlg (unrecognized or unsupported algorithm)",
        [2] = "badRequest (transaction not permitted or supported)",
        [5] = "badDataFormat (the data submitted has the wrong format)",
        [14] = "timeNotAvailable (the TSA's time source is not available)",
        [15] = "unacceptedPolicy (the requested policy is not supported)",
        [16] = "unacceptedExtension (the requested extension is not supported)",
        [17] = "addInfoNotAvailable (the additional information requested is not available)",
        [25] = "systemFailure (the request cannot be handled due to system failure)",
    };

    /// <summary>granted (0) and grantedWithMods (1) carry a token.</summary>
    public bool IsGranted => Status is 0 or 1;

    public string StatusName => Status >= 0 && Status < StatusNames.Length
        ? $"{StatusNames[Status]} ({Status})"
        : Status.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a DER TimeStampResp; throws <see cref="AsnContentException"/> when it is not one.</summary>
    public static TimestampResponse Parse(ReadOnlyMemory<byte> response)
    {
        var reader = new AsnReader(response, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();

        var statusInfo = sequence.ReadSequence();
        if (!statusInfo.TryReadInt32(out var status))
            throw new AsnContentException("the PKIStatus does not fit an integer");
        var text = new List<string>();
        if (statusInfo.HasData && statusInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var strings = statusInfo.ReadSequence();
            while (strings.HasData)
                text.Add(strings.ReadCharacterString(UniversalTagNumber.UTF8String));
        }

        var failures = new List<string>();
        if (statusInfo.HasData)
        {
            var bits = statusInfo.ReadBitString(out var unused);
            for (var bit = 0; bit < (bits.Length * 8) - unused; bit++)
            {
                if ((bits[bit / 8] & (0x80 >> (bit % 8))) != 0)
                    failures.Add(FailureNames.TryGetValue(bit, out var name) ? name : $"failure bit {bit}");
            }
        }

        statusInfo.ThrowIfNotEmpty();
        ReadOnlyMemory<byte>? token = sequence.HasData ? sequence.ReadEncodedValue() : null;
        sequence.ThrowIfNotEmpty();
        return new TimestampResponse(status, text, failures, token);
    }
}
