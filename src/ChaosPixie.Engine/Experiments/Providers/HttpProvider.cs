using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>
/// The <c>http</c> provider: method, headers, query string for GET, JSON or form body, timeout as n or
/// [connect, read], verify_tls, max_retries; output <c>{status, headers, body}</c>. A 4xx/5xx is not a failure:
/// only connection errors and timeouts are.
/// </summary>
internal sealed class HttpProvider : IProviderType
{
    // One client per (TLS verification, connect timeout): handlers pool connections and are safe to share.
    private static readonly ConcurrentDictionary<(bool Verify, TimeSpan? Connect), HttpClient> Clients = new();

    public string Name => "http";

    public string? OutputFields => "body, status or headers";

    public bool Validate(JsonObject activity, JsonObject provider, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        if (!PythonValue.IsTruthy(provider["url"]))
        {
            return problems.Upstream("a HTTP activity must have a URL", DocumentPath.Child(path, "url"));
        }

        var headers = provider["headers"];
        return !PythonValue.IsTruthy(headers) || headers is JsonObject
            || problems.Upstream("a HTTP activities expect headers as a mapping", DocumentPath.Child(path, "headers"));
    }

    public string? Describe(JsonObject provider, string? hidden) =>
        OneLine.Join((PythonValue.AsString(provider["method"]) ?? "GET").ToUpperInvariant(), PythonValue.AsString(provider["url"]));

    /// <summary>The response's body.</summary>
    public JsonNode? ConfigurationValue(JsonNode? output) => (output as JsonObject)?["body"];

    public string? ErrorStatusWarning(double status) => status > 399
        ? "This HTTP call failed with a response status code > 399. This may indicate some error and not what you expected. Please have a look at the logs."
        : null;

    public JsonNode? Run(JsonObject provider, ActivityContext context, CancellationToken cancellationToken)
    {
        var url = PythonValue.AsString(context.Substitute(provider["url"])) ?? string.Empty;
        var method = (PythonValue.AsString(provider["method"]) ?? "GET").ToUpperInvariant();
        var headers = context.Substitute(provider["headers"]) as JsonObject;
        var arguments = context.Substitute(provider["arguments"]);
        var (connect, read) = Timeouts(context.Substitute(provider["timeout"]));
        var verify = provider["verify_tls"] is not JsonValue v || !v.TryGetValue(out bool b) || b;
        var retries = (int)(PythonValue.AsJsonNumber(provider["max_retries"]) ?? 0);

        var client = Clients.GetOrAdd((verify, connect), key => CreateClient(key.Verify, key.Connect));
        for (var attempt = 0; ; attempt++)
        {
            using var request = BuildRequest(method, url, headers, arguments);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (connect is not null || read is not null)
            {
                limit.CancelAfter((connect ?? TimeSpan.Zero) + (read ?? connect ?? TimeSpan.Zero));
            }

            try
            {
                using var response = client.Send(request, HttpCompletionOption.ResponseContentRead, limit.Token);
                return Output(response);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ActivityFailedException("activity took too long to complete");
            }
            catch (HttpRequestException e) when (IsConnectionError(e))
            {
                if (attempt < retries)
                {
                    continue;
                }

                throw new ActivityFailedException($"failed to connect to {url}: {e.Message}", e);
            }
        }
    }

    private static bool IsConnectionError(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
        || e.InnerException is SocketException;

    private static HttpClient CreateClient(bool verify, TimeSpan? connect)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            UseProxy = false,
        };
        if (connect is { } c)
        {
            handler.ConnectTimeout = c;
        }

        if (!verify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary><c>timeout</c>: a number for both phases, or <c>[connect, read]</c>.</summary>
    private static (TimeSpan? Connect, TimeSpan? Read) Timeouts(JsonNode? timeout)
    {
        if (timeout is JsonArray { Count: 2 } pair)
        {
            return (ProviderValues.Seconds(pair[0]), ProviderValues.Seconds(pair[1]));
        }

        var both = ProviderValues.Seconds(timeout);
        return (both, both);
    }

    private static HttpRequestMessage BuildRequest(string method, string url, JsonObject? headers, JsonNode? arguments)
    {
        var isGet = method == "GET";
        var target = isGet && arguments is JsonObject query && query.Count > 0
            ? url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + FormEncode(query)
            : url;
        var request = new HttpRequestMessage(new HttpMethod(method), target);

        var contentType = headers?["Content-Type"] is JsonValue ct && ct.TryGetValue(out string? ctText) ? ctText : null;
        if (!isGet && arguments is not null)
        {
            request.Content = contentType == "application/json"
                ? new StringContent(arguments.ToJsonString(), Encoding.UTF8)
                : arguments is JsonObject form
                    ? new StringContent(FormEncode(form), Encoding.UTF8, "application/x-www-form-urlencoded")
                    : new StringContent(PythonText.Str(arguments), Encoding.UTF8);
        }

        foreach (var (name, value) in headers ?? [])
        {
            var text = PythonText.Str(value);
            if (!request.Headers.TryAddWithoutValidation(name, text))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, text);
            }
        }

        return request;
    }

    /// <summary>requests' encoding of a params/data dict: null values dropped, lists as repeated keys, <c>str()</c> values.</summary>
    private static string FormEncode(JsonObject fields)
    {
        var parts = new List<string>();
        foreach (var (key, value) in fields)
        {
            IEnumerable<JsonNode?> values = value is JsonArray array ? array : new[] { value };
            foreach (var item in values.Where(item => item is not null))
            {
                parts.Add(QuotePlus(key) + "=" + QuotePlus(PythonText.Str(item)));
            }
        }

        return string.Join('&', parts);
    }

    // Python's urllib.parse.quote_plus: spaces as '+', everything but unreserved characters percent-encoded.
    private static string QuotePlus(string text) => Uri.EscapeDataString(text).Replace("%20", "+", StringComparison.Ordinal);

    private static JsonObject Output(HttpResponseMessage response)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(", ", values);
        }

        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var isJson = response.Content.Headers.TryGetValues("Content-Type", out var types) && types.FirstOrDefault() == "application/json";
        return new JsonObject
        {
            ["status"] = (int)response.StatusCode,
            ["headers"] = headers,
            ["body"] = isJson ? ParseJsonBody(body) : body,
        };
    }

    // Upstream's json() raises a non-ActivityFailed error on a malformed body, which aborts the method.
    private static JsonNode? ParseJsonBody(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the response says application/json but its body is not JSON: {e.Message}", e);
        }
    }
}
