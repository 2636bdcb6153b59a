namespace Gateway.Protocol.Organizations;

public readonly partial struct OrgCode
{
    /// <summary>
    /// Orders codes for listings: first by <see cref="Kind"/> (<c>default</c> first, then standard,
    /// centre ids, short codes, legacy codes). Standard codes sort as a tree, by unit <c>Xnn</c>, then
    /// <c>AA</c>, <c>BB</c>, <c>CCC</c>, so every unit comes straight before its own subordinates
    /// (<c>000.00.00.H44</c>, <c>000.00.24.H44</c>, <c>000.46.24.H44</c>, <c>000.00.25.H44</c>, ...).
    /// Other kinds sort ordinally. Zero exactly when the codes are equal.
    /// </summary>
    public int CompareTo(OrgCode other)
    {
        if (Kind != other.Kind)
        {
            return Kind < other.Kind ? -1 : 1;
        }

        if (Kind != OrgCodeKind.Standard)
        {
            return string.CompareOrdinal(_text, other._text);
        }

        // Fixed-width ASCII fields: ordinal order of the text is numeric order of the field.
        var left = _text.AsSpan();
        var right = other._text.AsSpan();
        var order = left.Slice(OrgCodeLayout.UnitStart, OrgCodeLayout.UnitLength)
            .SequenceCompareTo(right.Slice(OrgCodeLayout.UnitStart, OrgCodeLayout.UnitLength));
        for (var level = 2; order == 0 && level <= 4; level++)
        {
            order = OrgCodeLayout.Segment(left, level).SequenceCompareTo(OrgCodeLayout.Segment(right, level));
        }

        return order;
    }

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        OrgCode other => CompareTo(other),
        _ => throw new ArgumentException("Object must be an OrgCode.", nameof(obj)),
    };

    public static bool operator <(OrgCode left, OrgCode right) => left.CompareTo(right) < 0;

    public static bool operator <=(OrgCode left, OrgCode right) => left.CompareTo(right) <= 0;

    public static bool operator >(OrgCode left, OrgCode right) => left.CompareTo(right) > 0;

    public static bool operator >=(OrgCode left, OrgCode right) => left.CompareTo(right) >= 0;
}
