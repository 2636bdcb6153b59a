namespace Gateway.Store;

/// <summary>
/// The store cannot be opened or used as it is: the message says what was found and what to do. The
/// daemon prints it and exits with code 3 (see Cli/ExitCodes.cs).
/// </summary>
internal sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
