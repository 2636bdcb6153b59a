namespace Gateway.DeadLetters;

/// <summary>
/// A dead-letter request was refused and nothing was changed; the message names every id at fault
/// and why, e.g. <c>unknown delivery id '0198…'</c>.
/// </summary>
internal sealed class DeadLetterException(string message) : Exception(message);
