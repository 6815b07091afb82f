using ChaosPixie.Engine.Pixie.Wire;
using ChaosPixie.VizierEmulator.Scenarios;
using Grpc.Core;
using Grpc.Net.Client;

namespace ChaosPixie.VizierEmulator.Hosting;

/// <summary>
/// Before a large scenario is announced, the emulator sends itself one short query over loopback, so the JIT has
/// compiled the HTTP/2 and gRPC streaming code before a benchmark's first million rows rather than during them.
/// </summary>
internal static class SelfWarmUp
{
    /// <summary>Calls with this header are not recorded.</summary>
    public const string Header = "emulator-warm-up";

    private const long RowThreshold = 100_000;

    public static async Task RunAsync(Scenario scenario, int port, Func<byte[], bool>? trustsCertificate)
    {
        var cluster = scenario.Clusters.FirstOrDefault(c => c.AcceptsScripts);
        if (cluster is null || scenario.Tables.Sum(t => t.RowCount) < RowThreshold)
        {
            return;
        }

        using var handler = new SocketsHttpHandler();
        if (trustsCertificate is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback =
                (_, certificate, _, _) => certificate is not null && trustsCertificate(certificate.GetRawCertData());
        }

        var scheme = trustsCertificate is null ? "http" : "https";
        using var channel = GrpcChannel.ForAddress($"{scheme}://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = handler });
        var client = new VizierService.VizierServiceClient(channel);
        var headers = new Metadata { { "pixie-api-key", scenario.ApiKey }, { Header, "true" } };
        // The runtime-error fault sends metadata and one batch per table, then ends: every streaming path, few rows.
        var request = new ExecuteScriptRequest { ClusterId = cluster.Id.ToString(), QueryStr = "#emulator: fault=runtime-error message=warm-up" };
        using var call = client.ExecuteScript(request, headers, DateTime.UtcNow.AddSeconds(30));
        try
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
            }
        }
        catch (RpcException)
        {
            // The fault ends the call with an error, as asked; a failed warm-up only costs the first query speed.
        }
    }
}
