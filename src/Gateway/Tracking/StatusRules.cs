using Gateway.Exchange;
using Gateway.Protocol.V1;

namespace Gateway.Tracking;

/// <summary>
/// The edXML status rules that need no history: which codes may be reported, and which need a reason.
/// The rules that depend on earlier statuses are applied by <see cref="StatusReporter"/>.
/// </summary>
internal static class StatusRules
{
    public static void CheckReportable(DocumentStatus code, string description)
    {
        switch (code)
        {
            case DocumentStatus.Arrived:
                throw RpcErrors.InvalidArgument("code", "01 (arrived) is set by the gateway when the recipient acknowledges the delivery; it cannot be reported");
            case DocumentStatus.Rejected or DocumentStatus.RequestRefused when string.IsNullOrWhiteSpace(description):
                throw RpcErrors.FailedPrecondition($"{Name(code)} needs a reason in description");
            case DocumentStatus.Rejected or DocumentStatus.Accepted or DocumentStatus.Assigned or DocumentStatus.Processing
                or DocumentStatus.Finished or DocumentStatus.TakeBackRequested or DocumentStatus.RequestAgreed or DocumentStatus.RequestRefused:
                return;
            default:
                throw RpcErrors.InvalidArgument("code", $"{(int)code} is not a status that can be reported (02-06, 13, 15, 16)");
        }
    }

    /// <summary>02-06: the recipient's handling of the document; 02 and 06 end it.</summary>
    public static bool IsHandling(DocumentStatus code) => code is >= DocumentStatus.Rejected and <= DocumentStatus.Finished;

    public static string Name(DocumentStatus code) => $"{(int)code:00} ({code})";
}
