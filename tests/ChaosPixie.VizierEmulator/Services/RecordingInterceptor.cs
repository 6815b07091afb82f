using ChaosPixie.VizierEmulator.Hosting;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ChaosPixie.VizierEmulator.Services;

/// <summary>Records each request before any check runs, so rejected calls are in the record too.</summary>
internal sealed class RecordingInterceptor(RequestRecorder recorder) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Record(request, context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Record(request, context);
        return continuation(request, responseStream, context);
    }

    private void Record(object request, ServerCallContext context)
    {
        var headers = context.GetHttpContext().Request.Headers;
        if (!headers.ContainsKey(SelfWarmUp.Header))
        {
            recorder.Record(context.Method, headers, (IMessage)request);
        }
    }
}
