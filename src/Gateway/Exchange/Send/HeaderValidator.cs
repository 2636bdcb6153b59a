using System.Security.Cryptography;
using Gateway.Protocol.Organizations;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Exchange.Send;

/// <summary>
/// Parses the header bytes a sender signed (never a re-serialisation) and checks each field. Store-free:
/// whether codes exist, references resolve and the client reference is new is decided later.
/// </summary>
internal static class HeaderValidator
{
    public const int MaxRecipients = 10_000;
    public const int MaxClientReferenceLength = 128;

    public static ValidatedHeader Validate(SignedHeader? signed, DateTimeOffset now)
    {
        if (signed is null || signed.Header.IsEmpty)
            throw RpcErrors.InvalidArgument("header.header", "is empty: send the serialized axis.v1.DocumentHeader bytes");

        DocumentHeader header;
        try
        {
            header = DocumentHeader.Parser.ParseFrom(signed.Header);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw RpcErrors.InvalidArgument("header.header", $"is not a serialized axis.v1.DocumentHeader ({ex.Message.TrimEnd('.')})");
        }

        RequireCode("header.sender", header.Sender);
        var recipients = ValidateRecipients(header);
        ValidateClientReference(header.ClientReference);
        ValidatePayload(header.Payload);
        var priority = ValidatePriority(header.Priority);
        var (businessType, referenced) = ValidateBusiness(header.Business);

        DateTimeOffset? expiresAt = null;
        if (header.ExpiresAt is { } expires)
        {
            expiresAt = expires.ToDateTimeOffset();
            if (expiresAt <= now)
                throw RpcErrors.InvalidArgument("header.expires_at", $"{expiresAt:O} is not in the future");
        }

        return new ValidatedHeader(header, signed.Header, signed.Signature, SHA256.HashData(signed.Header.Span),
            recipients, priority, businessType, referenced, expiresAt);
    }

    private static void RequireCode(string field, string value)
    {
        if (string.IsNullOrEmpty(value))
            throw RpcErrors.InvalidArgument(field, "is empty: an organisation code such as 000.00.00.G22 is required");
        // The tolerant forms are accepted here; whether the code is known is the registry's answer.
        if (!OrgCode.TryParse(value, OrgCodeForms.Tolerant, out _, out var error))
            throw RpcErrors.InvalidArgument(field, error);
    }

    private static List<string> ValidateRecipients(DocumentHeader header)
    {
        if (header.Recipients.Count == 0)
            throw RpcErrors.InvalidArgument("header.recipients", "is empty: at least one recipient code is required");
        if (header.Recipients.Count > MaxRecipients)
            throw RpcErrors.InvalidArgument("header.recipients", $"has {header.Recipients.Count} codes; at most {MaxRecipients} are allowed per document");

        var seen = new HashSet<string>(header.Recipients.Count, StringComparer.Ordinal);
        var recipients = new List<string>(header.Recipients.Count);
        for (var i = 0; i < header.Recipients.Count; i++)
        {
            var code = header.Recipients[i];
            RequireCode($"header.recipients[{i}]", code);
            if (seen.Add(code))
                recipients.Add(code);
        }

        return recipients;
    }

    private static void ValidateClientReference(string reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
            throw RpcErrors.InvalidArgument("header.client_reference", "is empty: give each document a reference unique for its sender, so retries are recognised");
        if (reference.Length > MaxClientReferenceLength)
            throw RpcErrors.InvalidArgument("header.client_reference", $"is {reference.Length} characters; at most {MaxClientReferenceLength}");
    }

    private static void ValidatePayload(PayloadDescriptor? payload)
    {
        if (payload is null)
            throw RpcErrors.InvalidArgument("header.payload", "is missing: the header must describe the payload (sha256, size, content_type)");
        if (payload.Sha256.Length != SHA256.HashSizeInBytes)
            throw RpcErrors.InvalidArgument("header.payload.sha256", $"is {payload.Sha256.Length} bytes; a SHA-256 digest is 32");
        if (payload.Size < 0)
            throw RpcErrors.InvalidArgument("header.payload.size", $"{payload.Size} is negative");
        if (payload.FileName.Contains('/', StringComparison.Ordinal) || payload.FileName.Contains('\\', StringComparison.Ordinal) || payload.FileName is "." or "..")
            throw RpcErrors.InvalidArgument("header.payload.file_name", $"'{payload.FileName}' must be a plain file name without directories");
    }

    private static int ValidatePriority(Priority priority) => priority switch
    {
        Priority.Unspecified or Priority.Normal => 0,
        Priority.Urgent => 1,
        Priority.VeryUrgent => 2,
        Priority.Flash => 3,
        Priority.FlashAppointed => 4,
        _ => throw RpcErrors.InvalidArgument("header.priority", $"{(int)priority} is not a defined Priority"),
    };

    private static (int Type, string? Referenced) ValidateBusiness(BusinessInfo? business)
    {
        var type = business?.Type ?? BusinessType.Unspecified;
        var referenced = string.IsNullOrEmpty(business?.ReferencedDocumentId) ? null : business.ReferencedDocumentId;
        var edxml = type switch
        {
            BusinessType.Unspecified or BusinessType.New => 0,
            BusinessType.Revoke => 1,
            BusinessType.Update => 2,
            BusinessType.Replace => 3,
            _ => throw RpcErrors.InvalidArgument("header.business.type", $"{(int)type} is not a defined BusinessType"),
        };

        if (edxml == 0 && referenced is not null)
            throw RpcErrors.InvalidArgument("header.business.referenced_document_id", "must be empty for a new document");
        if (edxml != 0 && referenced is null)
            throw RpcErrors.InvalidArgument("header.business.referenced_document_id", $"is required for business type {type}: name the document it acts on");
        return (edxml, referenced);
    }
}
