using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Gateway.Bench.Results;
using Gateway.Load.Measurement;
using Gateway.Load.Targets;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Gateway.Load.Peers.RabbitMq;

/// <summary>
/// RabbitMQ doing what the gateway does for a document, as far as a broker can: a persistent message
/// to a durable queue per recipient, published on a channel with publisher confirms and awaited until
/// confirmed (so the sender knows it is on disk, as a receipt says), consumed with manual acks and a
/// prefetch equal to the gateway's credits. One connection per sender and per recipient, as the
/// gateway's systems have.
/// </summary>
internal sealed class RabbitTarget(string directory, int senders, int recipients, int messageBytes) : ILoadTarget
{
    private RabbitBroker? _broker;
    private readonly List<IConnection> _connections = [];
    private IChannel[] _publishers = [];
    private IConnection[] _consumers = [];
    private IChannel? _admin;
    private readonly byte[] _template = RandomNumberGenerator.GetBytes(messageBytes);

    public SystemUnderTest System => SystemUnderTest.RabbitMq;
    public bool TracksDelivery => true;
    public int? ServerProcessId => _broker?.ProcessId;

    public string Setup =>
        $"Debian rabbitmq-server 3.10 (own node, no plugins) on 127.0.0.1; RabbitMQ.Client 7.2.2; one classic durable queue per recipient, " +
        $"persistent {messageBytes}-byte messages, publisher confirms awaited per publish (tracking), {senders} publisher connections; " +
        $"{recipients} consumers with manual acks and prefetch = credits; acked = BasicAckAsync returned (AMQP does not confirm acks). " +
        "RabbitMQ may hand a persistent message to a waiting consumer before it is on disk, and confirm it once consumed and acked without writing it: " +
        $"acked can come before the publisher's confirm. Log: {_broker?.LogPath}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _broker = await RabbitBroker.StartAsync(Path.Combine(directory, "rabbitmq"), cancellationToken);
        var confirmed = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
        var publishers = new List<IChannel>();
        for (var i = 0; i < senders; i++)
        {
            var connection = await Connect($"sender-{i + 1}", cancellationToken);
            publishers.Add(await connection.CreateChannelAsync(confirmed, cancellationToken));
        }

        _publishers = [.. publishers];
        var consumers = new List<IConnection>();
        for (var j = 0; j < recipients; j++)
            consumers.Add(await Connect($"recipient-{j + 1}", cancellationToken));
        _consumers = [.. consumers];
        _admin = await _consumers[0].CreateChannelAsync(cancellationToken: cancellationToken);
    }

    private async Task<IConnection> Connect(string name, CancellationToken cancellationToken)
    {
        var connection = await _broker!.Factory($"gateway-load {name}").CreateConnectionAsync(cancellationToken);
        _connections.Add(connection);
        return connection;
    }

    public async Task<IRunSession> BeginRunAsync(RunSpec spec, RunRecorder recorder, CancellationToken cancellationToken)
    {
        // Fresh queues per run: a backlog one run leaves is deleted with its queues, never counted by the next.
        var queues = Enumerable.Range(0, recipients).Select(j => $"load-run{spec.Index.ToString(CultureInfo.InvariantCulture)}-recipient{(j + 1).ToString(CultureInfo.InvariantCulture)}").ToArray();
        foreach (var queue in queues)
            await _admin!.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: null, cancellationToken: cancellationToken);

        var channels = new List<IChannel>();
        for (var j = 0; j < recipients; j++)
        {
            var channel = await _consumers[j].CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.BasicQosAsync(0, (ushort)Math.Min(spec.Credits, ushort.MaxValue), global: false, cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                var message = BinaryPrimitives.ReadInt64LittleEndian(delivery.Body.Span);
                recorder.Delivered(message);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, delivery.CancellationToken);
                recorder.Acked(message);
            };
            await channel.BasicConsumeAsync(queues[j], autoAck: false, consumer, cancellationToken);
            channels.Add(channel);
        }

        return new Session(this, queues, channels);
    }

    private sealed class Session(RabbitTarget target, string[] queues, List<IChannel> consumers) : IRunSession
    {
        private static readonly BasicProperties Persistent = new() { Persistent = true, ContentType = "application/pdf" };

        public long Capacity => long.MaxValue;
        public string? Notes => null;

        public async Task SendAsync(long message, CancellationToken cancellationToken)
        {
            var body = (byte[])target._template.Clone();
            BinaryPrimitives.WriteInt64LittleEndian(body, message);
            var publisher = target._publishers[message % target._publishers.Length];
            var (_, recipient) = Targets.Gateway.DocumentFactory.Route(message, target._publishers.Length, queues.Length);
            // With confirmation tracking, this returns once the broker confirmed the message (persisted), or throws if it nacked.
            await publisher.BasicPublishAsync("", queues[recipient], mandatory: true, Persistent, body, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var channel in consumers)
            {
                await channel.CloseAsync();
                channel.Dispose();
            }

            foreach (var queue in queues)
                await target._admin!.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            try
            {
                await connection.CloseAsync();
            }
            catch (Exception ex) when (ex is IOException or RabbitMQ.Client.Exceptions.AlreadyClosedException or OperationCanceledException)
            {
                // The broker may already be gone; it is stopped next anyway.
            }

            connection.Dispose();
        }

        if (_broker is not null)
            await _broker.DisposeAsync();
    }
}
