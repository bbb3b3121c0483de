using Microsoft.Extensions.DependencyInjection;

namespace Layers.PublishClient;

/// <summary>Registration with Microsoft.Extensions.DependencyInjection and IHttpClientFactory.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient the catalog client takes from IHttpClientFactory.</summary>
    public const string HttpClientName = "Layers.TikTokMusicCatalog";

    /// <summary>
    /// Registers <see cref="TikTokMusicCatalogClient"/> and <see cref="TikTokMusicResolver"/> as singletons; the client takes
    /// its HttpClients from the factory under <see cref="HttpClientName"/>. Returns that client's builder, to add handlers
    /// or resilience. Run <see cref="TikTokMusicCatalogClient.RunAsync"/> from a hosted service to keep the catalog fresh.
    /// </summary>
    public static IHttpClientBuilder AddTikTokMusicCatalog(this IServiceCollection services, Action<CatalogClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new CatalogClientOptions();
        configure(options);
        services.AddSingleton(sp => new TikTokMusicCatalogClient(sp.GetRequiredService<IHttpClientFactory>(), HttpClientName, options, sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new TikTokMusicResolver(sp.GetRequiredService<TikTokMusicCatalogClient>()));
        return services.AddHttpClient(HttpClientName);
    }
}
