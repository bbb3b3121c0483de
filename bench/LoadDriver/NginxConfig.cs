namespace Layers.Bench.LoadDriver;

/// <summary>
/// The "just put the JSON on a web server" answer, configured as well as nginx allows: precompressed files
/// (gzip_static, and brotli_static when Debian's module is installed), ETags, sendfile, no access log,
/// unlimited keep-alive requests, and a bearer check that answers 401 like the edge does. With a certificate it
/// listens with TLS (OpenSSL's defaults, as the edge's), HTTP/1.1 as wrk speaks.
/// </summary>
internal static class NginxConfig
{
    private const string BrotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

    private const string UnauthorizedBody = """{"error":{"code":"invalid_key","message":"The API key is unknown, revoked or expired."}}""";

    public static bool HasBrotli => File.Exists(BrotliModule);

    public static string Write(LoadOptions options, string name, int port, string staticRoot, string key, BenchCertificate? tls)
    {
        string work = options.WorkDir;
        Directory.CreateDirectory(Path.Combine(work, "nginx-temp"));
        string config = $$"""
            {{(HasBrotli ? $"load_module {BrotliModule};" : "")}}
            worker_processes 1;
            daemon off;
            pid {{work}}/{{name}}.pid;
            error_log {{work}}/{{name}}-error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              sendfile on;
              tcp_nopush on;
              tcp_nodelay on;
              keepalive_requests 1000000000;
              keepalive_timeout 75s;
              open_file_cache max=64 inactive=60s;
              open_file_cache_valid 60s;
              client_body_temp_path {{work}}/nginx-temp/{{name}}-body;
              proxy_temp_path {{work}}/nginx-temp/{{name}}-proxy;
              fastcgi_temp_path {{work}}/nginx-temp/{{name}}-fastcgi;
              uwsgi_temp_path {{work}}/nginx-temp/{{name}}-uwsgi;
              scgi_temp_path {{work}}/nginx-temp/{{name}}-scgi;
              default_type application/json;
              server {
                listen 127.0.0.1:{{port}}{{(tls is null ? "" : " ssl")}};
                {{(tls is null ? "" : $"ssl_certificate {tls.CertificatePath}; ssl_certificate_key {tls.KeyPath};")}}
                root {{staticRoot}};
                etag on;
                location = /v1/tiktok-music {
                  if ($http_authorization != "Bearer {{key}}") {
                    add_header WWW-Authenticate 'Bearer realm="layers", error="invalid_token"' always;
                    add_header Cache-Control no-store always;
                    return 401 '{{UnauthorizedBody}}';
                  }
                  gzip_static on;
                  {{(HasBrotli ? "brotli_static on;" : "")}}
                  gzip_vary on;
                  add_header Cache-Control "private, max-age=60";
                  add_header X-Content-Type-Options nosniff;
                }
              }
            }
            """;
        string path = Path.Combine(work, name + ".conf");
        File.WriteAllText(path, config);
        return path;
    }
}
