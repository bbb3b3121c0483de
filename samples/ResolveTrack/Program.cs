// Resolves a tiktokMusic.trackId the way the publish service does, against a running edge.
//   dotnet run --project samples/ResolveTrack -- --edge http://127.0.0.1:8080 --key <key> --mode managed --track <id>
// Prints the payload JSON on stdout and exits 0; prints "<CODE>: <message>" on stderr and exits 1 when the
// track cannot be resolved or the catalog refuses the key; exits 2 on bad usage.
using System.CommandLine;
using Layers.PublishClient;

var edge = new Option<string>("--edge") { Description = "The edge's base URL", Required = true };
edge.Validators.Add(result =>
{
    if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
    {
        result.AddError("--edge must be an absolute http(s) URL");
    }
});
var key = new Option<string>("--key") { Description = "An API key with publish:read (default: $LAYERS_API_KEY)" };
var mode = new Option<PublishTargetMode>("--mode") { Description = "publish or managed", DefaultValueFactory = _ => PublishTargetMode.Managed };
var track = new Option<string?>("--track") { Description = "The picked trackId; omit for none" };
var root = new RootCommand("Resolve a tiktokMusic.trackId into the publish payload") { edge, key, mode, track };

var parse = root.Parse(args);
if (parse.Errors.Count == 0 && parse.Action is not null)
{
    return await parse.InvokeAsync(); // --help or --version: the only actions this command has
}
string? apiKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("LAYERS_API_KEY");
if (parse.Errors.Count > 0 || string.IsNullOrWhiteSpace(apiKey))
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }
    if (string.IsNullOrWhiteSpace(apiKey))
    {
        Console.Error.WriteLine("error: pass --key or set LAYERS_API_KEY");
    }
    return 2;
}
using var http = new HttpClient();
var client = new TikTokMusicCatalogClient(http, new CatalogClientOptions { BaseAddress = new Uri(parse.GetValue(edge)!), ApiKey = apiKey });
try
{
    var payload = await new TikTokMusicResolver(client).ResolveAsync(parse.GetValue(mode), parse.GetValue(track));
    Console.WriteLine(payload.ToJson());
    return 0;
}
catch (CatalogClientException e)
{
    Console.Error.WriteLine($"{e.Code}: {e.Message}");
    return 1;
}
