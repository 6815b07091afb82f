using System.Net;
using ChaosPixie.VizierEmulator.Services;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChaosPixie.VizierEmulator.Hosting;

/// <summary>
/// A script bundle file served over plain HTTP/1.1 on a port of its own (the gRPC port speaks HTTP/2 only), as
/// Pixie's artifact server serves its bundles: GET /bundle.json answers the file as it is on disk now, any other
/// path 404. Each request is recorded, so a test can count how often a client read the bundle.
/// </summary>
internal static class BundleServer
{
    public const string BundlePath = "/bundle.json";

    /// <summary>Starts serving; returns the app (stopped with the emulator) and the bundle's URL.</summary>
    public static async Task<(WebApplication App, string Url)> StartAsync(string file, RequestRecorder? recorder)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        app.Run(async context =>
        {
            recorder?.Record($"{context.Request.Method} {context.Request.Path}", context.Request.Headers, null);
            if (context.Request.Path != BundlePath || !HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.SendFileAsync(Path.GetFullPath(file));
        });
        await app.StartAsync();
        return (app, $"http://127.0.0.1:{new Uri(app.Urls.First()).Port}{BundlePath}");
    }
}
