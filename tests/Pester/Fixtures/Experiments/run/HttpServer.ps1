<#
.SYNOPSIS
    A small HTTP server on 127.0.0.1 for the http provider's tests, run in a background runspace of the test process.
    Routes: /status/<code>, /json (application/json), /json-charset (application/json; charset=utf-8), /text,
    /echo (what the request was, as JSON), /slow?seconds=n, /redirect (302 to /json).
#>
param([Parameter(Mandatory)] [System.Net.HttpListener] $Listener)

$document = '{"service": {"name": "consumer", "latency": [120, 340]}, "pods": [{"name": "a", "ready": true}, {"name": "b", "ready": false}], "ok": true}'
while ($Listener.IsListening) {
    try { $context = $Listener.GetContext() } catch { break }
    $request = $context.Request
    $response = $context.Response
    $type = 'text/plain'
    $text = ''
    try {
        $reader = [IO.StreamReader]::new($request.InputStream)
        $body = $reader.ReadToEnd()
        switch -Regex ($request.Url.AbsolutePath) {
            '^/status/(\d+)$' { $response.StatusCode = [int]$Matches[1]; $text = "status $($Matches[1])" }
            '^/json$' { $type = 'application/json'; $text = $document }
            '^/json-charset$' { $type = 'application/json; charset=utf-8'; $text = $document }
            '^/text$' { $text = 'plain text, latency=250' }
            '^/echo$' {
                $type = 'application/json'
                $text = [ordered]@{
                    method      = $request.HttpMethod
                    query       = $request.Url.Query
                    contentType = $request.ContentType
                    token       = $request.Headers['X-Token']
                    body        = $body
                } | ConvertTo-Json -Compress
            }
            '^/slow$' { Start-Sleep -Seconds ([double]$request.QueryString['seconds']); $text = 'slow' }
            '^/redirect$' { $response.StatusCode = 302; $response.RedirectLocation = '/json' }
            default { $response.StatusCode = 404; $text = 'not found' }
        }
        $bytes = [Text.Encoding]::UTF8.GetBytes($text)
        $response.ContentType = $type
        $response.ContentLength64 = $bytes.Length
        $response.OutputStream.Write($bytes, 0, $bytes.Length)
    }
    catch {
        # A client that gave up (a timeout test) closed the connection: serve the next one.
    }
    finally {
        try { $response.Close() } catch { }
    }
}
