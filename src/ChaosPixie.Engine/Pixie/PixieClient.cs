using ChaosPixie.Engine.Pixie.Encryption;
using ChaosPixie.Engine.Pixie.Resume;
using ChaosPixie.Engine.Pixie.Wire;
using Grpc.Core;
using Grpc.Net.Client;

namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// Pixie's public API over one channel to the cloud (or a standalone Vizier): ExecuteScript through the cloud's
/// passthrough proxy, the cluster chosen by the request's cluster_id, and the cluster list from VizierClusterInfo.
/// Authenticated like pxapi: 'pixie-api-key' metadata, plus the informational 'pixie-api-client'.
/// </summary>
public sealed class PixieClient : IDisposable
{
    /// <summary>The deadline of a cluster listing when the caller sets none: a scheduled check must never hang.</summary>
    public static readonly TimeSpan DefaultListTimeout = TimeSpan.FromSeconds(30);

    private readonly GrpcChannel _channel;
    private readonly Metadata _headers;
    private readonly PixieServerAddress _server;
    private readonly string _apiKey;

    public PixieClient(PixieConnectionOptions options)
    {
        _server = options.Server;
        _apiKey = options.ApiKey;
        _channel = PixieChannel.Create(options);
        _headers = new Metadata
        {
            { "pixie-api-key", options.ApiKey },
            { "pixie-api-client", options.ClientName },
        };
    }

    /// <summary>Starts the script; read its rows with <see cref="PixieScriptRun.ReadRows"/>, then dispose the run.</summary>
    public PixieScriptRun ExecuteScript(Guid clusterId, string script, PixieScriptOptions options, CancellationToken cancellation)
    {
        var encryption = MakeEncryption(options, cancellation);
        try
        {
            return ExecuteScript(clusterId, script, options, encryption, ownsEncryption: true, cancellation);
        }
        catch
        {
            encryption?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A call's encryption (null when <paramref name="options"/> asks for plaintext): its key pair is made on a worker
    /// thread while the channel dials, as neither needs the other (an RSA key takes about a second, an ECDH-ES one well
    /// under a millisecond). The caller disposes it once every run that uses it is over.
    /// </summary>
    internal CallEncryption? MakeEncryption(PixieScriptOptions options, CancellationToken cancellation)
    {
        if (!options.Encrypt)
        {
            return null;
        }

        var algorithm = options.KeyAlgorithm ?? PixieKeyAlgorithms.Default;
        var pending = Task.Run(() => JweKey.Create(algorithm), CancellationToken.None);
        using var dialing = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        try
        {
            // A failed dial is the call's to report, with its own error; here it only goes unobserved.
            _ = _channel.ConnectAsync(dialing.Token).ContinueWith(dial => dial.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        catch (InvalidOperationException)
        {
            // A transport that cannot connect ahead of a call: it dials with the call.
        }

        try
        {
            pending.Wait(cancellation);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up first: the key pair is wiped once it is made.
            _ = pending.ContinueWith(made => made.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }

        // Stops waiting for the connection, not the connection: the call finds it made, or being made.
        dialing.Cancel();
        return new CallEncryption(pending.Result, fallBack: options.KeyAlgorithm is null);
    }

    /// <summary>Starts the script with the call's encryption (null: in plaintext); <paramref name="ownsEncryption"/>: the run disposes it.</summary>
    internal PixieScriptRun ExecuteScript(Guid clusterId, string script, PixieScriptOptions options, CallEncryption? encryption, bool ownsEncryption, CancellationToken cancellation)
    {
        var request = new ExecuteScriptRequest { QueryStr = script, ClusterId = clusterId.ToString("D"), QueryName = options.QueryName ?? string.Empty, Mutation = options.Mutation };
        request.ExecFuncs.Add(options.Functions.Select(f => f.ToWire()));
        request.EncryptionOptions = encryption?.Options;
        var client = new VizierService.VizierServiceClient(_channel);
        // A resume is a new call with the first one's deadline and cancellation.
        var callOptions = new CallOptions(_headers, Deadline(options.Timeout), cancellation);
        var call = new ResumableCall(r => client.ExecuteScript(r, callOptions), request, _server, options.Timeout, encryption, cancellation);
        var query = new PixieQuery(clusterId, _server.ToString(), script, arguments: null, options.TableNames, DateTimeOffset.UtcNow)
        {
            Cluster = options.Cluster,
            CallClusters = options.CallClusters,
        };
        return new PixieScriptRun(call, encryption, ownsEncryption, query, options, _apiKey);
    }

    /// <summary>The clusters the API key can see, whatever their status; a null timeout waits without limit.</summary>
    public IReadOnlyList<PixieCluster> GetClusters(TimeSpan? timeout, CancellationToken cancellation)
    {
        var request = new GetClusterInfoRequest();
        try
        {
            var response = new VizierClusterInfo.VizierClusterInfoClient(_channel)
                .GetClusterInfo(request, new CallOptions(_headers, Deadline(timeout), cancellation));
            return response.Clusters.Select(ToCluster).ToArray();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException("Listing the clusters was cancelled.", e, cancellation);
        }
        catch (RpcException e)
        {
            throw PixieErrors.Redact(PixieErrors.FromRpc(e, _server, timeout), _apiKey);
        }
    }

    public void Dispose() => _channel.Dispose();

    private static DateTime? Deadline(TimeSpan? timeout) => timeout is { } t ? DateTime.UtcNow + t : null;

    private static PixieCluster ToCluster(ClusterInfo info) => new(
        info.Id is null ? Guid.Empty : FromWire(info.Id),
        info.ClusterName,
        info.PrettyClusterName,
        StatusName(info.Status),
        info.VizierVersion,
        info.ClusterVersion,
        info.NumNodes,
        info.NumInstrumentedNodes,
        info.LastHeartbeatNs > 0 ? DateTimeOffset.UtcNow - TimeSpan.FromTicks(info.LastHeartbeatNs / 100) : null,
        info.StatusMessage);

    private static string StatusName(ClusterStatus status) => status switch
    {
        ClusterStatus.CsHealthy => "Healthy",
        ClusterStatus.CsUnhealthy => "Unhealthy",
        ClusterStatus.CsDisconnected => "Disconnected",
        ClusterStatus.CsUpdating => "Updating",
        ClusterStatus.CsConnected => "Connected",
        ClusterStatus.CsUpdateFailed => "UpdateFailed",
        ClusterStatus.CsDegraded => "Degraded",
        _ => "Unknown",
    };

    // The cloud's UUID: bytes 0-7 big-endian in high_bits, bytes 8-15 in low_bits.
    private static Guid FromWire(UUID id)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, id.HighBits);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], id.LowBits);
        return new Guid(bytes, bigEndian: true);
    }
}
