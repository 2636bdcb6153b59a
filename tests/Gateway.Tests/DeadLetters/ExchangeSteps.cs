using Gateway.Protocol.V1;
using Gateway.Store.Sqlite;
using Gateway.Tests.Support;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.DeadLetters;

/// <summary>Send, pull and settle as the example agencies' systems do, each call bounded by its deadline.</summary>
internal static class ExchangeSteps
{
    private static readonly byte[] Payload = "%PDF-1.7 Công văn"u8.ToArray();

    public static async Task<Receipt> SendAsync(ExchangeGateway gw, string reference, string[] to, Timestamp? expiresAt = null)
    {
        var header = Documents.Header(Office, to, reference, Payload);
        header.ExpiresAt = expiresAt;
        var request = new SendRequest { Header = Documents.SignedHeaderOf(header), Payload = ByteString.CopyFrom(Payload) };
        return (await gw.Client.SendAsync(request, gw.Call)).Receipt;
    }

    public static async Task<List<Delivery>> PullAsync(ExchangeGateway gw, string token)
    {
        var response = await gw.Client.PullAsync(new PullRequest { MaxDeliveries = 100 }, CallAs(token));
        return [.. response.Deliveries];
    }

    public static async Task<SettlementResult> SettleAsync(ExchangeGateway gw, string token, string deliveryId, Settlement.Types.Outcome outcome, string reason = "")
    {
        var request = new AckRequest { Settlements = { new Settlement { DeliveryId = deliveryId, Outcome = outcome, Reason = reason } } };
        return (await gw.Client.AckAsync(request, CallAs(token))).Results.Single();
    }

    /// <summary>Sends a document to Nghệ An, which rejects it: one dead letter; returns its delivery id.</summary>
    public static async Task<string> DeadLetterAsync(ExchangeGateway gw, string reference)
    {
        await SendAsync(gw, reference, [NgheAn]);
        var delivery = (await PullAsync(gw, gw.RecipientToken)).Single();
        var result = await SettleAsync(gw, gw.RecipientToken, delivery.DeliveryId, Settlement.Types.Outcome.Reject, "sai nơi nhận");
        if (!result.Applied)
            throw new InvalidOperationException(result.Detail);
        return delivery.DeliveryId;
    }

    public static List<(string Kind, string Org, string DeliveryId, string Detail)> Events(ExchangeGateway gw, string deliveryId)
    {
        using var connection = gw.Gateway.Services.GetRequiredService<SqliteStore>().OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, org, delivery_id, detail FROM events WHERE delivery_id = $id ORDER BY seq";
        command.Parameters.AddWithValue("$id", deliveryId);
        using var reader = command.ExecuteReader();
        var events = new List<(string, string, string, string)>();
        while (reader.Read())
            events.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return events;
    }
}
