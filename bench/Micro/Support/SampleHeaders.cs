using System.Security.Cryptography;
using Gateway.Crypto.Signatures;
using Gateway.Protocol.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Gateway.Benchmarks.Support;

/// <summary>
/// A realistic official-letter header (edXML metadata in Vietnamese, a PDF payload, a reply-to reference,
/// annotations) addressed to <c>recipients</c> registry codes, serialized once and signed over those
/// bytes with a detached CMS signature, as a sender's document system does.
/// </summary>
internal static class SampleHeaders
{
    public const string Sender = "000.00.00.G01";

    public static DocumentHeader Header(IReadOnlyList<string> recipients, string clientReference, DateTimeOffset now)
    {
        var payload = new byte[32];
        new Random(7).NextBytes(payload);
        var header = new DocumentHeader
        {
            Sender = Sender,
            ClientReference = clientReference,
            Priority = Priority.Urgent,
            Payload = new PayloadDescriptor
            {
                Sha256 = ByteString.CopyFrom(SHA256.HashData(payload)),
                Size = 284_517,
                ContentType = "application/pdf",
                FileName = "7816-VPCP-TTDT.pdf",
            },
            Business = new BusinessInfo
            {
                Type = BusinessType.New,
                PaperCopyFollows = true,
                Staff = new StaffInfo { Department = "Văn phòng", Staff = "Nguyễn Văn An", Mobile = "0912345678", Email = "an.nv@example.gov.vn" },
            },
            Metadata = new DocumentMetadata
            {
                CodeNumber = "7816",
                CodeNotation = "VPCP-TTĐT",
                DocumentType = new DocumentType { Type = 1, TypeDetail = 5, TypeName = "Công văn" },
                Subject = "Về việc triển khai kết nối, liên thông văn bản điện tử qua Trục liên thông văn bản quốc gia",
                PromulgationPlace = "Hà Nội",
                PromulgationDate = new CalendarDate { Year = now.Year, Month = now.Month, Day = now.Day },
                Signer = new SignerInfo { Competence = "KT. BỘ TRƯỞNG", Position = "THỨ TRƯỞNG", FullName = "Trần Văn Bình" },
                DueDate = new CalendarDate { Year = now.Year, Month = now.Month, Day = Math.Min(now.Day, 28) },
                SteeringType = SteeringType.Directive,
                SphereOfPromulgation = "Cơ quan nhà nước",
                TyperNotation = "TTĐT",
                PromulgationAmount = 1,
                PageAmount = 3,
                EdxmlDocumentId = "7816.VPCP-TTĐT",
            },
            CreatedAt = Timestamp.FromDateTimeOffset(now.AddMinutes(-5)),
            ExpiresAt = Timestamp.FromDateTimeOffset(now.AddDays(30)),
        };
        header.Recipients.Add(recipients);
        header.Metadata.ToPlaces.Add(["Như trên", "Lưu: VT, TTĐT"]);
        header.Metadata.Appendixes.Add("Phụ lục I: Danh sách đơn vị");
        header.Metadata.ResponseFor.Add(new ResponseFor
        {
            OrganId = "000.00.00.H29",
            Code = "1234/UBND-VP",
            PromulgationDate = new CalendarDate { Year = now.Year, Month = 1, Day = 15 },
            DocumentId = "1234.UBND-VP",
        });
        header.Annotations.Add("source-system", "qlvb-v5");
        header.Annotations.Add("trace-id", "4bf92f3577b34da6a3ce929d0e0e4736");
        return header;
    }

    /// <summary>The header serialized once and a detached CMS signature over exactly those bytes.</summary>
    public static SignedHeader Sign(DocumentHeader header, DetachedSigner signer)
    {
        var bytes = header.ToByteString();
        return new SignedHeader { Header = bytes, Signature = ByteString.CopyFrom(signer.Sign(bytes.Span)) };
    }
}
