using System.Net;
using ChaosPixie.VizierEmulator.Hosting;
using ChaosPixie.VizierEmulator.Scenarios;
using ChaosPixie.VizierEmulator.Services;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The Vizier emulator: Pixie's cloud and passthrough Vizier on 127.0.0.1, for tests, the demo and benchmarks.
// stdout carries exactly one line, "listening <url>"; everything else goes to stderr.
EmulatorOptions options;
Scenario scenario;
try
{
    options = EmulatorOptions.Parse(args);
    scenario = ScenarioLoader.Load(options.ScenarioPath);
    QueryResponses.WarmUp(scenario.Tables);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(EmulatorOptions.Usage);
    return 2;
}
catch (ScenarioException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

WebApplication app;
try
{
    app = await StartAsync(options, scenario);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    // A port in use, a cert-dir or record file that cannot be written: say so, without a stack trace.
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

if (options.BundleFile is not null)
{
    // Announced on a second line, after 'listening'; it stops with the gRPC server.
    var (bundleApp, bundleUrl) = await BundleServer.StartAsync(options.BundleFile, app.Services.GetService<RequestRecorder>());
    app.Lifetime.ApplicationStopping.Register(() => bundleApp.StopAsync().GetAwaiter().GetResult());
    Console.Out.WriteLine($"bundle {bundleUrl}");
    Console.Out.Flush();
}

StdinWatcher.StopOnEndOfInput(app.Lifetime);
await app.WaitForShutdownAsync();
return 0;

// Builds and starts the server, warms it up, and announces it on stdout.
static async Task<WebApplication> StartAsync(EmulatorOptions options, Scenario scenario)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    // The host would log a failed start with its stack trace; the error line below says it once.
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
    // A hung call must not hold the process for long once stdin ends or a signal arrives.
    builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
    builder.Services.AddSingleton(scenario);
    builder.Services.AddSingleton<CloudChecks>();
    builder.Services.AddGrpc(grpc =>
    {
        if (options.RecordPath is not null)
        {
            grpc.Interceptors.Add<RecordingInterceptor>();
        }
    });
    if (options.RecordPath is not null)
    {
        builder.Services.AddSingleton(new RequestRecorder(options.RecordPath));
    }

    System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null;
    if (options.Tls)
    {
        var (server, caPem) = TestCertificates.Create();
        certificate = server;
        Directory.CreateDirectory(options.CertDirectory!);
        File.WriteAllText(Path.Combine(options.CertDirectory!, "ca.pem"), caPem);
        builder.WebHost.UseKestrelHttpsConfiguration();
    }

    builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
    {
        listen.Protocols = HttpProtocols.Http2;
        if (certificate is not null)
        {
            listen.UseHttps(certificate);
        }
    }));

    var app = builder.Build();
    app.MapGrpcService<VizierServiceEmulator>();
    app.MapGrpcService<ClusterInfoEmulator>();
    await app.StartAsync();

    var port = new Uri(app.Urls.First()).Port;
    await SelfWarmUp.RunAsync(scenario, port, certificate is null ? null : raw => raw.AsSpan().SequenceEqual(certificate.RawData));
    Console.Out.WriteLine(options.Tls ? $"listening https://localhost:{port}" : $"listening http://127.0.0.1:{port}");
    Console.Out.Flush();
    return app;
}
