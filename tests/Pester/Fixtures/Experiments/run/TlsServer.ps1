<#
.SYNOPSIS
    A minimal HTTPS server on 127.0.0.1 with a self-signed certificate, for verify_tls: it answers every request
    with 200 and the text "secure". Run in a background runspace of the test process.
#>
param(
    [Parameter(Mandatory)] [System.Net.Sockets.TcpListener] $Listener,
    [Parameter(Mandatory)] [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate
)

while ($true) {
    try { $client = $Listener.AcceptTcpClient() } catch { break }
    try {
        $tls = [System.Net.Security.SslStream]::new($client.GetStream(), $false)
        $tls.AuthenticateAsServer($Certificate)
        $reader = [IO.StreamReader]::new($tls)
        while ($reader.ReadLine()) { }
        $bytes = [Text.Encoding]::ASCII.GetBytes("HTTP/1.1 200 OK`r`nContent-Type: text/plain`r`nContent-Length: 6`r`nConnection: close`r`n`r`nsecure")
        $tls.Write($bytes, 0, $bytes.Length)
        $tls.Flush()
    }
    catch {
        # A client that refused the certificate hung up: serve the next one.
    }
    finally {
        $client.Dispose()
    }
}
