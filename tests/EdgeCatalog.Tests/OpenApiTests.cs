using System.Text.Json;

namespace Layers.EdgeCatalog.Tests;

/// <summary>The OpenAPI document of the AOT edge, checked against what the same edge really answers.</summary>
public class OpenApiTests(EdgeFixture fixture) : IClassFixture<EdgeFixture>
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await fixture.Edge.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement;
    }

    private async Task<JsonElement> BodyAsync(string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Authorization = new("Bearer", key);
        }
        using var response = await fixture.Edge.Client.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement;
    }

    /// <summary>Every property of <paramref name="value"/> is in the schema, in its order, with its type; and the schema has no others.</summary>
    private static void AssertMatches(JsonElement schema, JsonElement value, string where)
    {
        string type = schema.GetProperty("type") is { ValueKind: JsonValueKind.Array } types ? types[0].GetString()! : schema.GetProperty("type").GetString()!;
        switch (type)
        {
            case "object":
                Assert.Equal(JsonValueKind.Object, value.ValueKind);
                var properties = schema.GetProperty("properties");
                Assert.Equal(properties.EnumerateObject().Select(p => p.Name), value.EnumerateObject().Select(p => p.Name));
                Assert.Equal(properties.EnumerateObject().Select(p => p.Name).Order(), schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order());
                foreach (var property in value.EnumerateObject())
                {
                    AssertMatches(properties.GetProperty(property.Name), property.Value, $"{where}.{property.Name}");
                }
                break;
            case "array":
                Assert.Equal(JsonValueKind.Array, value.ValueKind);
                foreach (var item in value.EnumerateArray().Take(5))
                {
                    AssertMatches(schema.GetProperty("items"), item, where + "[]");
                }
                break;
            case "string":
                Assert.True(value.ValueKind == JsonValueKind.String, $"{where} should be a string");
                break;
            case "integer":
                Assert.True(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _), $"{where} should be an integer");
                break;
            case "boolean":
                Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{where} should be a boolean");
                break;
            default:
                Assert.Fail($"{where}: unexpected schema type {type}");
                break;
        }
    }

    private static JsonElement Schema(JsonElement operation, string status) =>
        operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema");

    [Fact]
    public async Task Document_describes_both_routes_with_bearer_scope_statuses_and_conditional_headers()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));

        foreach (var (path, statuses) in new[]
        {
            ("/v1/tiktok-music", new[] { "200", "304", "401", "403", "406", "500" }),
            ("/v1/tiktok-music/{id}", new[] { "200", "304", "401", "403", "404", "406", "500" }),
        })
        {
            foreach (string method in new[] { "get", "head" })
            {
                var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
                Assert.Equal(statuses, operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());
                Assert.Equal("publish:read", operation.GetProperty("security")[0].GetProperty("bearer")[0].GetString());
                var headers = operation.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString());
                Assert.Equal(["If-None-Match", "Accept-Encoding"], headers);
                Assert.True(operation.GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _));
                Assert.True(operation.GetProperty("responses").GetProperty("401").GetProperty("headers").TryGetProperty("WWW-Authenticate", out _));
            }
        }
    }

    [Fact]
    public async Task Schemas_match_real_responses_field_for_field()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var list = paths.GetProperty("/v1/tiktok-music").GetProperty("get");
        var detail = paths.GetProperty("/v1/tiktok-music/{id}").GetProperty("get");

        AssertMatches(Schema(list, "200"), await BodyAsync("/v1/tiktok-music", fixture.ReaderKey), "list");
        AssertMatches(Schema(detail, "200"), await BodyAsync($"/v1/tiktok-music/{fixture.Snapshot.Tracks[0].Id}", fixture.ReaderKey), "detail");
        AssertMatches(Schema(list, "401"), await BodyAsync("/v1/tiktok-music", null), "401");
        AssertMatches(Schema(list, "403"), await BodyAsync("/v1/tiktok-music", fixture.NoScopeKey), "403");
        AssertMatches(Schema(detail, "404"), await BodyAsync($"/v1/tiktok-music/{Guid.NewGuid()}", fixture.ReaderKey), "404");
    }
}
