namespace Gateway.Protocol.Organizations;

/// <summary>Why a text was rejected; <see cref="OrgCodeMessages"/> turns it into words.</summary>
internal enum OrgCodeError
{
    None = 0,
    Missing,
    Empty,
    TooLong,
    LeadingWhitespace,
    TrailingWhitespace,
    InvalidCharacter,
    EmptySegment,
    SegmentWithoutAlphanumeric,
    SegmentCount,
    SegmentFormat,
    UnitLetter,
    UnitNumber,
    FormNotAccepted,
}

/// <summary>
/// A rejection with just enough detail to describe it later. Kept as numbers, not text, so a failed
/// <c>TryParse</c> whose caller does not ask for the reason allocates nothing.
/// </summary>
/// <param name="Error">What is wrong.</param>
/// <param name="Segment">1-based segment number, left to right, when the error concerns a segment.</param>
/// <param name="Start">0-based index of the offending character or of the segment's first character.</param>
/// <param name="Length">Segment length, input length (<see cref="OrgCodeError.TooLong"/>) or segment count.</param>
/// <param name="Kind">The form that was recognised but not enabled (<see cref="OrgCodeError.FormNotAccepted"/>).</param>
internal readonly record struct OrgCodeFailure(
    OrgCodeError Error,
    int Segment = 0,
    int Start = 0,
    int Length = 0,
    OrgCodeKind Kind = OrgCodeKind.None);
