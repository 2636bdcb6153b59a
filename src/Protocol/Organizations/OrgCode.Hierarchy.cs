namespace Gateway.Protocol.Organizations;

/// <remarks>
/// Only <see cref="OrgCodeKind.Standard"/> codes have a hierarchy. For every other kind (and for
/// <c>default</c>) <see cref="Level"/> is 0, <see cref="Parent"/> and <see cref="Level1Unit"/> are null,
/// <see cref="Unit"/> is empty, there are no ancestors, and no descendant relation holds in either direction.
/// </remarks>
public readonly partial struct OrgCode
{
    /// <summary>
    /// The depth of a standard code: the level of its deepest non-zero segment. 1 for a level-1 unit
    /// (<c>000.00.00.G22</c>), 2 when <c>AA</c> is the deepest non-zero segment (<c>000.00.24.H44</c>),
    /// 3 for <c>BB</c> (<c>000.46.24.H44</c>), 4 for <c>CCC</c>. A zero segment between non-zero ones
    /// (<c>001.00.24.H44</c>) does not lower the level: that code is level 4. 0 for non-standard codes.
    /// </summary>
    public int Level => Kind == OrgCodeKind.Standard ? OrgCodeLayout.Level(_text) : 0;

    /// <summary>The unit symbol <c>Xnn</c> of a standard code (e.g. <c>H44</c>); empty for other kinds.</summary>
    public ReadOnlySpan<char> Unit =>
        Kind == OrgCodeKind.Standard ? _text.AsSpan(OrgCodeLayout.UnitStart, OrgCodeLayout.UnitLength) : default;

    /// <summary>The unit letter (<c>G</c> ministries and government bodies, <c>H</c> provinces); <c>'\0'</c> for other kinds.</summary>
    public char UnitLetter => Kind == OrgCodeKind.Standard ? _text![OrgCodeLayout.UnitStart] : '\0';

    /// <summary>The parent unit, or null for a level-1 unit and for non-standard codes. See <see cref="TryGetParent"/>.</summary>
    public OrgCode? Parent => TryGetParent(out var parent) ? parent : null;

    /// <summary>
    /// The parent: the same code with its deepest non-zero segment set to zero, so
    /// <c>000.46.24.H44</c> → <c>000.00.24.H44</c> → <c>000.00.00.H44</c>. Over a zero segment the parent
    /// skips a level: <c>001.00.24.H44</c> (level 4) → <c>000.00.24.H44</c> (level 2). Allocates the
    /// parent's 13-character text.
    /// </summary>
    /// <returns>False for a level-1 unit and for non-standard codes.</returns>
    public bool TryGetParent(out OrgCode parent)
    {
        var level = Level;
        if (level < 2)
        {
            parent = default;
            return false;
        }

        var text = string.Create(OrgCodeLayout.Length, (_text!, level), static (span, state) =>
        {
            state.Item1.CopyTo(span);
            span.Slice(OrgCodeLayout.Start(state.level), OrgCodeLayout.Width(state.level)).Fill('0');
        });
        parent = new OrgCode(text, OrgCodeKind.Standard);
        return true;
    }

    /// <summary>
    /// The level-1 unit the code belongs to (<c>000.00.00.H44</c> for <c>000.46.24.H44</c>); the code itself
    /// when it is level 1; null for non-standard codes.
    /// </summary>
    public OrgCode? Level1Unit
    {
        get
        {
            var level = Level;
            if (level <= 1)
            {
                return level == 1 ? this : null;
            }

            return new OrgCode(string.Concat(OrgCodeLayout.Level1Prefix, Unit), OrgCodeKind.Standard);
        }
    }

    /// <summary>
    /// The chain of parents, nearest first, ending with the level-1 unit; empty for a level-1 unit and
    /// for non-standard codes. Levels strictly decrease along the chain.
    /// </summary>
    public IEnumerable<OrgCode> GetAncestors() => EnumerateAncestors(this);

    /// <summary>
    /// True when <paramref name="ancestor"/> is on this code's parent chain (strictly: a code is not its
    /// own descendant). Equivalent to walking <see cref="GetAncestors"/>, but compares characters in
    /// place and allocates nothing: same unit, same segments down to the ancestor's level, and this code
    /// is deeper. False whenever either code is not standard.
    /// </summary>
    public bool IsDescendantOf(OrgCode ancestor)
    {
        if (Kind != OrgCodeKind.Standard || ancestor.Kind != OrgCodeKind.Standard)
        {
            return false;
        }

        // Below its own level the ancestor is all zeros, so only the levels down to it have to match.
        var self = _text.AsSpan();
        var other = ancestor._text.AsSpan();
        var ancestorLevel = OrgCodeLayout.Level(other);
        return OrgCodeLayout.SamePrefix(self, other, ancestorLevel) && OrgCodeLayout.Level(self) > ancestorLevel;
    }

    /// <summary>
    /// True when this code is <paramref name="root"/> or one of its descendants: the routing question
    /// "is this inside the subtree of <c>000.00.24.H44</c>?". False whenever either code is not standard.
    /// </summary>
    public bool IsSelfOrDescendantOf(OrgCode root) =>
        (Kind == OrgCodeKind.Standard && Equals(root)) || IsDescendantOf(root);

    private static IEnumerable<OrgCode> EnumerateAncestors(OrgCode code)
    {
        while (code.TryGetParent(out var parent))
        {
            yield return parent;
            code = parent;
        }
    }
}
